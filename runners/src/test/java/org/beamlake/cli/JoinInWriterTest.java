package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.beamlake.cli.CliTest.contents;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.beamlake.lake.Lake;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A dataset whose last step is a broadcast join, which no other dataset reads: on Spark the
 * trusted writer runs the join on each row itself (so Spark does not cache the joined rows); on
 * the DirectRunner the join is a step of its own. Both give the same rows, rejects and counts.
 */
class JoinInWriterTest {
  static final Path PROJECT = Path.of("src", "test", "resources", "join-last-project").toAbsolutePath();

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"spark", "direct"})
  void theJoinedRowsRejectsAndCountsAreExact(String runner) throws IOException {
    Path lake = tmp.resolve("lake");
    List<String> args = new java.util.ArrayList<>(List.of("run", PROJECT.toString(), "--runner", runner,
        "--lake", lake.toString(), "--run-id", "r1"));
    if (runner.equals("spark")) {
      args.addAll(List.of("--spark-master", "local[2]"));
    }
    CliTest.Result run = cli(args.toArray(String[]::new));
    assertEquals(0, run.code(), run.out() + run.err());

    // Inner join: XX and the null key have no match (dropped); DE matches two countries (rejected).
    assertEquals(List.of(
            List.of(1, "FR", 1.5, "France"),
            List.of(3, "JP", 3.5, "Japan"),
            List.of(6, "FR", 6.5, "France"),
            Arrays.asList(7, "JP", null, "Japan")),
        DemoProject.rows(Lake.at(lake.toString()).trusted("observations")));
    assertEquals(List.of("{\"step\":\"join\",\"rule\":\"join(countries)\",\"reason\":\"key (country)=(DE) matches 2 rows "
            + "in countries\",\"source\":\"" + lake.resolve("raw/obs_csv") + "/ingest_date=DATE/run_id=r1/observations.csv:3\","
            + "\"payload\":\"{\\\"id\\\":2,\\\"country\\\":\\\"DE\\\",\\\"value\\\":2.5}\"}"),
        contents(lake).entrySet().stream()
            .filter(e -> e.getKey().startsWith("quarantine/observations/run_id=r1/") && e.getKey().endsWith(".jsonl"))
            .flatMap(e -> e.getValue().lines()).map(l -> l.replaceAll("ingest_date=[0-9-]+", "ingest_date=DATE")).toList());

    JsonNode counts = new ObjectMapper().readTree(contents(lake).get("_runs/r1.json")).path("stages").path("etl").path("counts");
    Map<String, Long> observations = new TreeMap<>();
    counts.fields().forEachRemaining(f -> {
      if (f.getKey().startsWith("observations/")) {
        observations.put(f.getKey(), f.getValue().asLong());
      }
    });
    assertEquals(new TreeMap<>(Map.of(
            "observations/1-join/in", 7L, "observations/1-join/out", 4L, "observations/1-join/rejected", 1L,
            "observations/1-join/dropped", 2L, "observations/read", 7L, "observations/parsed", 7L,
            "observations/parse_rejected", 0L, "observations/written", 4L, "observations/quarantined", 1L,
            "observations/dropped", 2L)),
        observations);
  }
}
