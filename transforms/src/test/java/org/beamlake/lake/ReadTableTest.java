package org.beamlake.lake;

import static org.beamlake.lake.LakeTables.EXPECTED;
import static org.beamlake.lake.LakeTables.IN;
import static org.beamlake.lake.LakeTables.INPUT;
import static org.beamlake.lake.LakeTables.TABLE;
import static org.beamlake.lake.LakeTables.writeAndCommit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class ReadTableTest {
  @Test
  void readsEveryColumnTypeWithTheMarkersSchema(@TempDir Path tmp, TestPipeline p) {
    Lake lake = Lake.at(tmp.toString());
    writeAndCommit(lake, "r1", "t", IN, INPUT, WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withShards(2),
        null);

    ReadTable read = ReadTable.from(lake.refined("t"));
    assertEquals(TABLE, read.schema());
    PCollection<Row> rows = p.apply(read);
    assertEquals(TABLE, rows.getSchema());
    PAssert.that(rows).containsInAnyOrder(EXPECTED);
    p.run().waitUntilFinish();
  }

  @Test
  void readsOnlyTheColumnsAskedForInTheTablesOrder(@TempDir Path tmp, TestPipeline p) {
    Lake lake = Lake.at(tmp.toString());
    writeAndCommit(lake, "r1", "t", IN, INPUT, WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withShards(2),
        null);

    ReadTable read = ReadTable.from(lake.refined("t")).withColumns(List.of("ts", "s", "d"));
    Schema columns = Schema.builder()
        .addField(TABLE.getField("s")).addField(TABLE.getField("d")).addField(TABLE.getField("ts")).build();
    assertEquals(columns, read.schema());
    PCollection<Row> rows = p.apply(read);
    assertEquals(columns, rows.getSchema());
    PAssert.that(rows).containsInAnyOrder(EXPECTED.stream()
        .map(r -> Row.withSchema(columns).addValues(r.getValue("s"), r.getValue("d"), r.getValue("ts")).build())
        .collect(Collectors.toList()));
    p.run().waitUntilFinish();
  }

  @Test
  void refusesAColumnTheTableDoesNotHave(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    writeAndCommit(lake, "r1", "t", IN, INPUT, WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withShards(1),
        null);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReadTable.from(lake.refined("t")).withColumns(List.of("s", "region")));
    assertEquals("the table at " + tmp + "/refined/t/ has no column 'region'; its columns are "
        + TABLE.getFieldNames(), e.getMessage());
  }

  @Test
  void readsOnlyTheFilesTheMarkerLists(@TempDir Path tmp, TestPipeline p) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    writeAndCommit(lake, "r1", "t", IN, INPUT.subList(0, 1), WriteParquet.to(LakeTables.staging(lake, "r1", "t")),
        null);
    // A file of another run lands in the directory without being committed.
    writeAndCommit(lake, "r2", "u", IN, INPUT.subList(2, 3), WriteParquet.to(LakeTables.staging(lake, "r2", "u")),
        null);
    Files.copy(tmp.resolve("refined/u/part-00000-of-00001.parquet"), tmp.resolve("refined/t/stray.parquet"));

    PAssert.that(p.apply(ReadTable.from(lake.refined("t")))).containsInAnyOrder(EXPECTED.get(0));
    p.run().waitUntilFinish();
  }

  @Test
  void schemaComesFromTheMarkerInItsOrder(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    Map<String, String> columns = WriteParquetTest.columns("z", "timestamp", "a", "decimal", "m", "date");
    Files.createDirectories(tmp.resolve("refined/t"));
    TableCommit.writeJson(lake.refined("t") + TableCommit.MARKER,
        new CommitInfo("r1", "2024-01-01T00:00:00Z", List.of(), 0, columns, null));

    ReadTable read = ReadTable.from(lake.refined("t"));
    assertEquals(Schema.builder()
            .addField("z", ColumnType.TIMESTAMP.fieldType())
            .addField("a", ColumnType.DECIMAL.fieldType())
            .addField("m", ColumnType.DATE.fieldType())
            .build(),
        read.schema());
    assertEquals(
        Map.of("directory", lake.refined("t"), "runId", "r1"),
        Map.of("directory", displayValue(read, "directory"), "runId", displayValue(read, "runId")));
  }

  @Test
  void aFileWithoutAColumnTheMarkerNamesFailsTheReadNamingIt(@TempDir Path tmp, TestPipeline p) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    writeAndCommit(lake, "r1", "t", IN, INPUT.subList(0, 1), WriteParquet.to(LakeTables.staging(lake, "r1", "t")),
        null);
    // The marker names a column that the committed file does not have.
    CommitInfo commit = TableCommit.read(lake.refined("t")).orElseThrow();
    Map<String, String> columns = new LinkedHashMap<>(commit.columns());
    columns.put("extra", "string");
    TableCommit.writeJson(lake.refined("t") + TableCommit.MARKER,
        new CommitInfo(commit.runId(), commit.committedAt(), commit.files(), commit.rows(), columns, null));

    p.apply(ReadTable.from(lake.refined("t")));
    Throwable failure = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    while (failure.getCause() != null) {
      failure = failure.getCause();
    }
    assertEquals("the Parquet file has no column extra; its columns are [s, i, l, d, b, dec, dt, ts]",
        failure.getMessage());
  }

  @Test
  void tableWithoutFilesReadsAsEmpty(@TempDir Path tmp, TestPipeline p) {
    Lake lake = Lake.at(tmp.toString());
    writeAndCommit(lake, "r1", "t", IN, List.of(), WriteParquet.to(LakeTables.staging(lake, "r1", "t")), null);

    PCollection<Row> rows = p.apply(ReadTable.from(lake.refined("t")));
    assertEquals(TABLE, rows.getSchema());
    PAssert.that(rows).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void directoryWithoutMarkerFailsWhenTheTransformIsBuilt(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    // Staged but never committed: files without a marker.
    LakeTables.run(IN, INPUT, WriteParquet.to(lake.refined("t")));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ReadTable.from(lake.refined("t")));
    assertEquals("no committed table at " + tmp + "/refined/t/ (no _SUCCESS marker): run the stage that writes it first",
        e.getMessage());

    IllegalStateException missing =
        assertThrows(IllegalStateException.class, () -> ReadTable.from(lake.trusted("nothing")));
    assertEquals("no committed table at " + tmp
            + "/trusted/nothing/ (no _SUCCESS marker): run the stage that writes it first",
        missing.getMessage());
  }

  @Test
  void partitionedTableIsRefused(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    writeAndCommit(lake, "r1", "t", IN, INPUT, WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withPartitionBy("b"),
        "b");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReadTable.from(lake.refined("t")));
    assertEquals("reading a partitioned table in a pipeline is not supported: " + tmp + "/refined/t/", e.getMessage());
  }

  private static Object displayValue(ReadTable read, String key) {
    return DisplayData.from(read).items().stream().filter(i -> i.getKey().equals(key)).findFirst().orElseThrow()
        .getValue();
  }
}
