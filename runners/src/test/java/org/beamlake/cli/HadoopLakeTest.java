package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.beamlake.lake.Lake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lake on a Hadoop filesystem through the CLI, the path an {@code abfss://} lake takes on
 * Databricks (Beam's Hadoop bridge, {@code fs.defaultFS} set to the lake's root): Hadoop's viewfs
 * mounted on a local folder stands in for ADLS Gen2. The demo's sample run must leave exactly the
 * rows the same run leaves on disk, in Parquet files that are really there.
 */
class HadoopLakeTest {
  private static final String LAKE = "viewfs://adls/data/lakes/world";

  @TempDir Path mounted;

  private List<String> hadoopOptions() {
    // Hadoop caches a filesystem per scheme and authority: this test's mount must not be shared.
    return List.of("--hdfsConfiguration=[{\"fs.viewfs.mounttable.adls.link./data\":\"" + mounted.toUri()
        + "\",\"fs.viewfs.impl.disable.cache\":\"true\"}]");
  }

  @Test
  void theDemoRunsOnAHadoopLakeWithTheSameRowsAsOnDisk() throws Exception {
    List<String> args = new ArrayList<>(List.of("run", DemoProject.DIR.toString(), "--runner", "direct", "--sample",
        "--lake", LAKE, "--run-id", DemoLake.RUN_ID, "--"));
    args.addAll(hadoopOptions());
    CliTest.Result run = cli(args.toArray(String[]::new));
    assertEquals(0, run.code(), run.err());
    // A later stage alone finds the latest run in the lake (after validation's own pipelines).
    List<String> again = new ArrayList<>(List.of("run", DemoProject.DIR.toString(), "--runner", "direct", "--sample",
        "--stage", "analytics", "--lake", LAKE, "--"));
    again.addAll(hadoopOptions());
    CliTest.Result analytics = cli(again.toArray(String[]::new));
    assertEquals(0, analytics.code(), analytics.err());

    Lake onDisk = DemoLake.get();
    Lake onHadoop = Lake.at(LAKE);
    LakeFileSystems.use(RunnerChoice.DIRECT.options(hadoopOptions(), false, "local[1]"), hadoopOptions(), LAKE);
    for (String table : List.of("stats_country_indicator", "stats_country_global", "life_expectancy")) {
      assertEquals(DemoProject.rows(onDisk.refined(table)), DemoProject.rows(onHadoop.refined(table)), table);
    }
    assertEquals(DemoProject.rows(onDisk.trusted("indicators")), DemoProject.rows(onHadoop.trusted("indicators")));
    assertEquals(List.of("_SUCCESS", "part-00000-of-00001.parquet"), files("lakes/world/trusted/indicators"));
    assertEquals(files(onDisk.base(), "refined/stats_country_indicator"),
        files("lakes/world/refined/stats_country_indicator"));
    DemoLake.useFileSystems();
  }

  private List<String> files(String folder) throws IOException {
    return files(mounted.toString(), folder);
  }

  private static List<String> files(String base, String folder) throws IOException {
    Path dir = Path.of(base).resolve(folder);
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
          .filter(p -> !p.endsWith(".crc")).sorted().toList();
    }
  }
}
