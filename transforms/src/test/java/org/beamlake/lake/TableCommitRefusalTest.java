package org.beamlake.lake;

import static org.beamlake.lake.LakeTables.EXPECTED;
import static org.beamlake.lake.LakeTables.IN;
import static org.beamlake.lake.LakeTables.INPUT;
import static org.beamlake.lake.LakeTables.files;
import static org.beamlake.lake.LakeTables.staging;
import static org.beamlake.lake.LakeTables.writeAndCommit;
import static org.beamlake.lake.TableReaderTest.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A commit whose staged Parquet footers disagree with the counted rows publishes nothing. */
class TableCommitRefusalTest {
  static final Map<String, String> COLUMNS = TableSchemas.columns(IN);

  /** Commits {@code EXPECTED[0..1]} as run r1 of refined table t. */
  static Lake committedTable(Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    writeAndCommit(lake, "r1", "t", IN, INPUT.subList(0, 2), WriteParquet.to(staging(lake, "r1", "t")), null);
    return lake;
  }

  static String read(Path file) throws Exception {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  static void assertPreviousTableUnchanged(Lake lake, Path tmp, String marker) throws Exception {
    assertEquals(List.of("_SUCCESS", "part-00000-of-00001.parquet"), files(tmp.resolve("refined/t")));
    assertEquals(marker, read(tmp.resolve("refined/t/_SUCCESS")));
    TableReader.Table table = TableReader.readAll(lake.refined("t"));
    assertEquals("r1", table.commit().runId());
    assertEquals(2, table.commit().rows());
    assertSameRows(EXPECTED.subList(0, 2), table.rows());
  }

  @Test
  void moreCountedRowsThanInTheFootersIsRefused(@TempDir Path tmp) throws Exception {
    Lake lake = committedTable(tmp);
    String marker = read(tmp.resolve("refined/t/_SUCCESS"));
    LakeTables.run(IN, INPUT, WriteParquet.to(staging(lake, "r2", "t")));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TableCommit.commit(staging(lake, "r2", "t"), lake.refined("t"), "r2", 5, COLUMNS, null));
    assertEquals("refusing to commit " + tmp + "/refined/t/: the pipeline counted 5 rows but the staged Parquet files"
        + " hold 4; the previous version is left in place", e.getMessage());

    assertPreviousTableUnchanged(lake, tmp, marker);
    // Nothing was moved out of staging either.
    assertEquals(List.of("part-00000-of-00001.parquet"), files(tmp.resolve("_staging/r2/refined/t")));
  }

  @Test
  void fewerCountedRowsThanInTheFootersIsRefused(@TempDir Path tmp) throws Exception {
    Lake lake = committedTable(tmp);
    String marker = read(tmp.resolve("refined/t/_SUCCESS"));
    LakeTables.run(IN, INPUT, WriteParquet.to(staging(lake, "r2", "t")));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TableCommit.commit(staging(lake, "r2", "t"), lake.refined("t"), "r2", 3, COLUMNS, null));
    assertEquals("refusing to commit " + tmp + "/refined/t/: the pipeline counted 3 rows but the staged Parquet files"
        + " hold 4; the previous version is left in place", e.getMessage());
    assertPreviousTableUnchanged(lake, tmp, marker);
  }

  @Test
  void lostPartitionFileIsRefused(@TempDir Path tmp) throws Exception {
    Lake lake = committedTable(tmp);
    String marker = read(tmp.resolve("refined/t/_SUCCESS"));
    LakeTables.run(IN, INPUT, WriteParquet.to(staging(lake, "r2", "t")).withPartitionBy("b"));
    // What Beam 2.70's Spark runner was seen to do: publish one partition's file only.
    Files.delete(tmp.resolve("_staging/r2/refined/t/b=false/part-00000-of-00001.parquet"));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TableCommit.commit(staging(lake, "r2", "t"), lake.refined("t"), "r2", 4, COLUMNS, "b"));
    assertEquals("refusing to commit " + tmp + "/refined/t/: the pipeline counted 4 rows but the staged Parquet files"
        + " hold 2; the previous version is left in place", e.getMessage());
    assertPreviousTableUnchanged(lake, tmp, marker);
  }

  @Test
  void tableWhoseFilesAreAllLostIsRefused(@TempDir Path tmp) throws Exception {
    Lake lake = committedTable(tmp);
    String marker = read(tmp.resolve("refined/t/_SUCCESS"));
    LakeTables.run(IN, INPUT, WriteParquet.to(staging(lake, "r2", "t")).withPartitionBy("b"));
    // Every Parquet file lost; only a side output (a CSV) remains.
    for (String f : files(tmp.resolve("_staging/r2/refined/t"))) {
      Files.delete(tmp.resolve("_staging/r2/refined/t").resolve(f));
    }
    Files.createDirectories(tmp.resolve("_staging/r2/refined/t/_csv"));
    Files.writeString(tmp.resolve("_staging/r2/refined/t/_csv/t.csv"), "s\na\n", StandardCharsets.UTF_8);

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TableCommit.commit(staging(lake, "r2", "t"), lake.refined("t"), "r2", 4, COLUMNS, "b"));
    assertEquals("refusing to commit " + tmp + "/refined/t/: the pipeline counted 4 rows but the staged Parquet files"
        + " hold 0; the previous version is left in place", e.getMessage());
    assertPreviousTableUnchanged(lake, tmp, marker);
  }

  @Test
  void matchingCountReplacesThePreviousTable(@TempDir Path tmp) throws Exception {
    Lake lake = committedTable(tmp);
    LakeTables.run(IN, INPUT.subList(2, 4), WriteParquet.to(staging(lake, "r2", "t")));

    CommitInfo info = TableCommit.commit(staging(lake, "r2", "t"), lake.refined("t"), "r2", 2, COLUMNS, null);

    assertEquals("r2", info.runId());
    assertEquals(List.of("part-00000-of-00001.parquet"), info.files());
    assertSameRows(EXPECTED.subList(2, 4), TableReader.readAll(lake.refined("t")).rows());
    assertEquals(List.of(), files(tmp.resolve("_staging/r2/refined/t")));
  }

  @Test
  void outputWithoutColumnsOrParquetIsNotCheckedAgainstFooters(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    Path staged = tmp.resolve("_staging/r1/quarantine/q");
    Files.createDirectories(staged);
    Files.writeString(staged.resolve("rejected.jsonl"), "{}\n{}\n", StandardCharsets.UTF_8);

    CommitInfo info = TableCommit.commit(lake.staging("r1", "quarantine", "q"), lake.quarantine("q", "r1"), "r1", 2,
        Map.of(), null);

    assertEquals(List.of("rejected.jsonl"), info.files());
    assertEquals(2, info.rows());
    assertEquals("{}\n{}\n", read(tmp.resolve("quarantine/q/run_id=r1/rejected.jsonl")));
  }
}
