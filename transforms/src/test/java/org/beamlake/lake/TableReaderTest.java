package org.beamlake.lake;

import static org.beamlake.lake.LakeTables.EXPECTED;
import static org.beamlake.lake.LakeTables.IN;
import static org.beamlake.lake.LakeTables.INPUT;
import static org.beamlake.lake.LakeTables.TABLE;
import static org.beamlake.lake.LakeTables.writeAndCommit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableReaderTest {
  /** The same rows, in any order. */
  static void assertSameRows(List<Row> expected, List<Row> actual) {
    List<Row> left = new ArrayList<>(actual);
    for (Row row : expected) {
      assertTrue(left.remove(row), "missing " + row + " in " + actual);
    }
    assertEquals(List.of(), left, "unexpected rows");
  }

  @Test
  void readsEveryColumnTypeAndTheMarker(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    writeAndCommit(lake, "r1", "t", IN, INPUT, WriteParquet.to(LakeTables.staging(lake, "r1", "t")), null);

    TableReader.Table table = TableReader.readAll(lake.refined("t"));
    assertEquals(TABLE, table.schema());
    assertSameRows(EXPECTED, table.rows());
    assertEquals(TableCommit.read(lake.refined("t")).orElseThrow(), table.commit());
    assertEquals(WriteParquetTest.COLUMNS, table.commit().columns());
  }

  @Test
  void readsNullAndEncodedPartitionsRestoringThePartitionColumn(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    CommitInfo commit = writeAndCommit(lake, "r1", "t", IN, INPUT,
        WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withPartitionBy("s"), "s");

    assertEquals(List.of(
            "s=%C3%BC%2C+%22q%22%0Aline/part-00000-of-00001.parquet",
            "s=/part-00000-of-00001.parquet",
            "s=" + WriteParquet.NULL_PARTITION + "/part-00000-of-00001.parquet",
            "s=a/part-00000-of-00001.parquet"),
        commit.files());
    assertEquals("s", commit.partitionBy());
    assertEquals(WriteParquetTest.COLUMNS, commit.columns());

    TableReader.Table table = TableReader.readAll(lake.refined("t"));
    assertEquals(TABLE, table.schema());
    assertSameRows(EXPECTED, table.rows());
  }

  @ParameterizedTest
  @ValueSource(strings = {"s", "i", "l", "d", "b", "dec", "dt", "ts"})
  void partitionColumnOfEveryTypeIsRestored(String column, @TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    CommitInfo commit = writeAndCommit(lake, "r1", "t", IN, INPUT,
        WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withPartitionBy(column), column);

    assertTrue(commit.files().contains(column + "=" + WriteParquet.NULL_PARTITION + "/part-00000-of-00001.parquet"),
        commit.files().toString());
    TableReader.Table table = TableReader.readAll(lake.refined("t"));
    assertEquals(TABLE, table.schema());
    assertSameRows(EXPECTED, table.rows());
  }

  @Test
  void timestampAndDatePartitionDirectories(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    CommitInfo byTime = writeAndCommit(lake, "r1", "t", IN, INPUT,
        WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withPartitionBy("ts"), "ts");
    assertEquals(List.of(
            "ts=1969-12-31T23%3A59%3A59.999Z/part-00000-of-00001.parquet",
            "ts=2024-02-29T12%3A34%3A56.789Z/part-00000-of-00001.parquet",
            "ts=" + WriteParquet.NULL_PARTITION + "/part-00000-of-00001.parquet"),
        byTime.files());

    CommitInfo byDate = writeAndCommit(lake, "r2", "u", IN, INPUT,
        WriteParquet.to(LakeTables.staging(lake, "r2", "u")).withPartitionBy("dt"), "dt");
    assertEquals(List.of(
            "dt=1969-12-31/part-00000-of-00001.parquet",
            "dt=1970-01-01/part-00000-of-00001.parquet",
            "dt=2024-02-29/part-00000-of-00001.parquet",
            "dt=" + WriteParquet.NULL_PARTITION + "/part-00000-of-00001.parquet"),
        byDate.files());
  }

  @Test
  void decimalPartitionValuesReadBackLikeDecimalColumns(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    Schema schema = Schema.builder()
        .addField("p", ColumnType.DECIMAL.fieldType())
        .addField("v", ColumnType.DECIMAL.fieldType())
        .build();
    List<Row> rows = List.of(
        Row.withSchema(schema).addValues(new BigDecimal("12.30"), new BigDecimal("12.30")).build(),
        Row.withSchema(schema).addValues(new BigDecimal("1E+3"), new BigDecimal("1E+3")).build());
    CommitInfo commit = writeAndCommit(lake, "r1", "t", schema, rows,
        WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withPartitionBy("p"), "p");

    assertEquals(List.of("p=12.30/part-00000-of-00001.parquet", "p=1E%2B3/part-00000-of-00001.parquet"),
        commit.files());
    assertSameRows(List.of(
            Row.withSchema(schema).addValues(new BigDecimal("12.3"), new BigDecimal("12.3")).build(),
            Row.withSchema(schema).addValues(new BigDecimal("1000"), new BigDecimal("1000")).build()),
        TableReader.readAll(lake.refined("t")).rows());
  }

  @Test
  void readsOnlyTheFilesTheMarkerLists(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    writeAndCommit(lake, "r1", "t", IN, INPUT.subList(0, 2), WriteParquet.to(LakeTables.staging(lake, "r1", "t")),
        null);
    Files.copy(tmp.resolve("refined/t/part-00000-of-00001.parquet"), tmp.resolve("refined/t/copy.parquet"));

    assertSameRows(EXPECTED.subList(0, 2), TableReader.readAll(lake.refined("t")).rows());
  }

  @Test
  void directoryWithoutMarkerIsRefused(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    LakeTables.run(IN, INPUT, WriteParquet.to(lake.refined("t")));

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> TableReader.readAll(lake.refined("t")));
    assertEquals("no committed table at " + tmp + "/refined/t/ (no _SUCCESS)", e.getMessage());
  }
}
