package org.beamlake.lake;

import static org.beamlake.lake.LakeTables.IN;
import static org.beamlake.lake.LakeTables.INPUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFootersTest {
  static MatchResult.Metadata file(Path path) throws Exception {
    return FileSystems.matchSingleFileSpec(path.toString());
  }

  @Test
  void rowCountOfOneFileIsTheRowsWritten(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    LakeTables.run(IN, INPUT, WriteParquet.to(lake.refined("t")));

    assertEquals(4, ParquetFooters.rowCount(file(tmp.resolve("refined/t/part-00000-of-00001.parquet"))));
  }

  @Test
  void rowCountOfFilesSumsShardsAndPartitionsAndIgnoresOtherFiles(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      rows.add(LakeTables.in(i % 5 == 0 ? null : "p" + (i % 3), i, null, null, null, null, null, null, null));
    }
    LakeTables.run(IN, rows, WriteParquet.to(lake.refined("t")).withPartitionBy("s").withShards(2));
    Files.writeString(tmp.resolve("refined/t/notes.csv"), "a,b\n1,2\n", StandardCharsets.UTF_8);
    Files.writeString(tmp.resolve("refined/t/_SUCCESS"), "{}", StandardCharsets.UTF_8);

    List<MatchResult.Metadata> files = TableCommit.listFiles(lake.refined("t"));
    assertEquals(250, ParquetFooters.rowCount(files));
    long perFile = 0;
    for (MatchResult.Metadata f : files) {
      if (f.resourceId().getFilename().endsWith(".parquet")) {
        perFile += ParquetFooters.rowCount(f);
      }
    }
    assertEquals(250, perFile);
    List<MatchResult.Metadata> nullPartition = files.stream()
        .filter(f -> f.resourceId().toString().contains("/s=" + WriteParquet.NULL_PARTITION + "/"))
        .collect(Collectors.toList());
    assertEquals(50, ParquetFooters.rowCount(nullPartition));
  }

  @Test
  void rowCountOfNoParquetFilesIsZero(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("rejected.jsonl"), "{}\n{}\n", StandardCharsets.UTF_8);

    assertEquals(0, ParquetFooters.rowCount(List.of()));
    assertEquals(0, ParquetFooters.rowCount(List.of(file(tmp.resolve("rejected.jsonl")))));
  }

  @Test
  void fileThatIsNotParquetFailsNamingTheFile(@TempDir Path tmp) throws Exception {
    Path bad = tmp.resolve("part-00000-of-00001.parquet");
    Files.writeString(bad, "not parquet at all", StandardCharsets.UTF_8);

    RuntimeException e = assertThrows(RuntimeException.class, () -> ParquetFooters.rowCount(file(bad)));
    assertEquals(bad + " is not a Parquet file. Expected magic number at tail, but found [32, 97, 108, 108]",
        e.getMessage());
  }
}
