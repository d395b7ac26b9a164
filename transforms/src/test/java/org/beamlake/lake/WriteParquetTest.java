package org.beamlake.lake;

import static org.beamlake.lake.LakeTables.EXPECTED;
import static org.beamlake.lake.LakeTables.IN;
import static org.beamlake.lake.LakeTables.INPUT;
import static org.beamlake.lake.LakeTables.TABLE;
import static org.beamlake.lake.LakeTables.files;
import static org.beamlake.lake.LakeTables.writeAndCommit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.Type;
import org.beamlake.quarantine.Lineage;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class WriteParquetTest {
  static final Map<String, String> COLUMNS = columns(
      "s", "string", "i", "int", "l", "long", "d", "double", "b", "boolean", "dec", "decimal", "dt", "date",
      "ts", "timestamp");

  static Map<String, String> columns(String... nameType) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < nameType.length; i += 2) {
      columns.put(nameType[i], nameType[i + 1]);
    }
    return columns;
  }

  /** The column names of a Parquet file's schema, in order. */
  static List<String> parquetColumns(Path file) throws Exception {
    try (ParquetFileReader reader = ParquetFileReader.open(
        new BeamInputFile(FileSystems.matchSingleFileSpec(file.toString())))) {
      return reader.getFooter().getFileMetaData().getSchema().getFields().stream()
          .map(Type::getName).collect(Collectors.toList());
    }
  }

  @Test
  void everyColumnTypeRoundTripsThroughCommitAndReadTable(@TempDir Path tmp, TestPipeline p) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    CommitInfo commit = writeAndCommit(lake, "r1", "t", IN, INPUT, WriteParquet.to(LakeTables.staging(lake, "r1", "t")),
        null);

    assertEquals("r1", commit.runId());
    assertEquals(List.of("part-00000-of-00001.parquet"), commit.files());
    assertEquals(4, commit.rows());
    assertEquals(COLUMNS, commit.columns());
    assertEquals(List.copyOf(COLUMNS.keySet()), List.copyOf(commit.columns().keySet()));
    assertEquals(null, commit.partitionBy());
    assertEquals(commit, TableCommit.read(lake.refined("t")).orElseThrow());
    assertEquals(List.of("_SUCCESS", "part-00000-of-00001.parquet"), files(tmp.resolve("refined/t")));

    ReadTable read = ReadTable.from(lake.refined("t"));
    assertEquals(TABLE, read.schema());
    PCollection<Row> rows = p.apply(read);
    assertEquals(TABLE, rows.getSchema());
    PAssert.that(rows).containsInAnyOrder(EXPECTED);
    p.run().waitUntilFinish();
  }

  @Test
  void lineageColumnIsNotWritten(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    writeAndCommit(lake, "r1", "t", IN, INPUT, WriteParquet.to(LakeTables.staging(lake, "r1", "t")), null);

    assertEquals(List.of("s", "i", "l", "d", "b", "dec", "dt", "ts"),
        parquetColumns(tmp.resolve("refined/t/part-00000-of-00001.parquet")));
    assertEquals(TABLE, TableReader.readAll(lake.refined("t")).schema());
  }

  @Test
  void nonNullableAndNarrowTypesAreWrittenAsNullableColumnTypes(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    Schema narrow = Schema.builder()
        .addField("small", Schema.FieldType.INT16)
        .addField("f", Schema.FieldType.FLOAT)
        .addField("n", Schema.FieldType.INT64)
        .build();
    List<Row> rows = List.of(Row.withSchema(narrow).addValues((short) 7, 0.5f, 3L).build());
    writeAndCommit(lake, "r1", "t", narrow, rows, WriteParquet.to(LakeTables.staging(lake, "r1", "t")), null);

    TableReader.Table table = TableReader.readAll(lake.refined("t"));
    Schema expected = Schema.builder()
        .addField("small", ColumnType.INT.fieldType())
        .addField("f", ColumnType.DOUBLE.fieldType())
        .addField("n", ColumnType.LONG.fieldType())
        .build();
    assertEquals(expected, table.schema());
    assertEquals(List.of(Row.withSchema(expected).addValues(7, 0.5, 3L).build()), table.rows());
    assertEquals(columns("small", "int", "f", "double", "n", "long"), table.commit().columns());
  }

  @Test
  void withShardsWritesExactlyThatManyFiles(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    List<Row> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(LakeTables.in("r" + i, i, (long) i, null, null, null, null, null, "f.csv:" + i));
    }
    CommitInfo commit = writeAndCommit(lake, "r1", "t", IN, many,
        WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withShards(3), null);

    List<String> parquet = List.of(
        "part-00000-of-00003.parquet", "part-00001-of-00003.parquet", "part-00002-of-00003.parquet");
    assertEquals(parquet, commit.files());
    List<String> expectedFiles = new ArrayList<>(List.of("_SUCCESS"));
    expectedFiles.addAll(parquet);
    assertEquals(expectedFiles, files(tmp.resolve("refined/t")));
    long total = 0;
    for (String file : parquet) {
      total += ParquetFooters.rowCount(FileSystems.matchSingleFileSpec(lake.refined("t") + file));
    }
    assertEquals(300, total);
    assertEquals(
        many.stream().map(r -> r.getString("s")).sorted().collect(Collectors.toList()),
        TableReader.readAll(lake.refined("t")).rows().stream().map(r -> r.getString("s")).sorted()
            .collect(Collectors.toList()));
  }

  @Test
  void withShardsWritesAtMostThatManyFilesPerPartition(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(LakeTables.in(i % 2 == 0 ? "even" : "odd", i, null, null, null, null, null, null, null));
    }
    CommitInfo commit = writeAndCommit(lake, "r1", "t", IN, rows,
        WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withPartitionBy("s").withShards(2), "s");

    // A shard that receives no row of a partition writes no file for it.
    List<String> possible = List.of(
        "s=even/part-00000-of-00002.parquet", "s=even/part-00001-of-00002.parquet",
        "s=odd/part-00000-of-00002.parquet", "s=odd/part-00001-of-00002.parquet");
    assertTrue(possible.containsAll(commit.files()), commit.files().toString());
    assertTrue(commit.files().stream().anyMatch(f -> f.startsWith("s=even/")), commit.files().toString());
    assertTrue(commit.files().stream().anyMatch(f -> f.startsWith("s=odd/")), commit.files().toString());
    assertEquals(
        rows.stream().map(r -> r.getString("s") + "|" + r.getInt32("i")).sorted().collect(Collectors.toList()),
        TableReader.readAll(lake.refined("t")).rows().stream().map(r -> r.getString("s") + "|" + r.getInt32("i"))
            .sorted().collect(Collectors.toList()));
  }

  @Test
  void fewerRowsThanShardsWriteOneFilePerRow(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    List<Row> rows = List.of(LakeTables.in("only", 1, null, null, null, null, null, null, null));
    CommitInfo commit = writeAndCommit(lake, "r1", "t", IN, rows,
        WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withShards(3), null);

    assertEquals(1, commit.files().size(), commit.files().toString());
    assertEquals(List.of(LakeTables.table("only", 1, null, null, null, null, null, null)),
        TableReader.readAll(lake.refined("t")).rows());
  }

  @Test
  void partitionColumnLivesInDirectoryNamesOnly(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    List<Row> rows = List.of(
        LakeTables.in("a b/c", 1, null, null, null, null, null, null, "f.csv:2"),
        LakeTables.in("x", 2, null, null, null, null, null, null, "f.csv:3"),
        LakeTables.in(null, 3, null, null, null, null, null, null, "f.csv:4"));
    CommitInfo commit = writeAndCommit(lake, "r1", "t", IN, rows,
        WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withPartitionBy("s"), "s");

    assertEquals(List.of(
            "s=" + WriteParquet.NULL_PARTITION + "/part-00000-of-00001.parquet",
            "s=a+b%2Fc/part-00000-of-00001.parquet",
            "s=x/part-00000-of-00001.parquet"),
        commit.files());
    assertEquals(List.of("i", "l", "d", "b", "dec", "dt", "ts"),
        parquetColumns(tmp.resolve("refined/t/s=x/part-00000-of-00001.parquet")));
  }

  @Test
  void emptyInputCommitsAnEmptyTable(@TempDir Path tmp, TestPipeline p) {
    Lake lake = Lake.at(tmp.toString());
    CommitInfo commit = writeAndCommit(lake, "r1", "t", IN, List.of(),
        WriteParquet.to(LakeTables.staging(lake, "r1", "t")), null);

    assertEquals(0, commit.rows());
    // Beam writes no empty shard for an empty input: the table is its marker alone.
    assertEquals(List.of(), commit.files());
    assertEquals(List.of("_SUCCESS"), files(tmp.resolve("refined/t")));
    assertEquals(List.of(), TableReader.readAll(lake.refined("t")).rows());

    PCollection<Row> rows = p.apply(ReadTable.from(lake.refined("t")));
    assertEquals(TABLE, rows.getSchema());
    PAssert.that(rows).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void emptyPartitionedInputCommitsATableWithoutFiles(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    CommitInfo commit = writeAndCommit(lake, "r1", "t", IN, List.of(),
        WriteParquet.to(LakeTables.staging(lake, "r1", "t")).withPartitionBy("s"), "s");

    assertEquals(0, commit.rows());
    assertEquals(List.of(), commit.files());
    assertEquals(List.of("_SUCCESS"), files(tmp.resolve("refined/t")));
    TableReader.Table table = TableReader.readAll(lake.refined("t"));
    assertEquals(TABLE, table.schema());
    assertEquals(List.of(), table.rows());
  }

  @Test
  void decimalsAreStoredAsDecimal38Scale18AndReadBackWithoutTrailingZeros(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    Schema decimals = Schema.builder().addField("m", ColumnType.DECIMAL.fieldType()).build();
    List<Row> rows = new ArrayList<>();
    for (String value : List.of("12.30", "-0.000000000000000001", "99999999999999999999.999999999999999999", "1E+3",
        "0.000")) {
      rows.add(Row.withSchema(decimals).addValue(new BigDecimal(value)).build());
    }
    writeAndCommit(lake, "r1", "t", decimals, rows, WriteParquet.to(LakeTables.staging(lake, "r1", "t")), null);

    try (ParquetFileReader reader = ParquetFileReader.open(new BeamInputFile(
        FileSystems.matchSingleFileSpec(lake.refined("t") + "part-00000-of-00001.parquet")))) {
      assertEquals("optional binary m (DECIMAL(38,18))",
          reader.getFooter().getFileMetaData().getSchema().getType("m").toString());
    }
    assertEquals(
        List.of("-0.000000000000000001", "0", "1000", "12.3", "99999999999999999999.999999999999999999"),
        TableReader.readAll(lake.refined("t")).rows().stream().map(r -> r.getDecimal("m").toPlainString()).sorted()
            .collect(Collectors.toList()));
  }

  @Test
  void decimalThatDoesNotFitFailsTheWriteNamingColumnAndValue(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    Schema decimals = Schema.builder().addField("m", ColumnType.DECIMAL.fieldType()).build();
    for (String value : List.of("0.0000000000000000001", "123456789012345678901")) {
      List<Row> rows = List.of(Row.withSchema(decimals).addValue(new BigDecimal(value)).build());
      Pipeline.PipelineExecutionException e = assertThrows(Pipeline.PipelineExecutionException.class,
          () -> LakeTables.run(decimals, rows, WriteParquet.to(LakeTables.staging(lake, "r1", "t"))));
      assertEquals(IllegalArgumentException.class, e.getCause().getClass());
      assertEquals("decimal column 'm': " + value
              + " does not fit DECIMAL(38, 18), at most 20 digits before the point and 18 after",
          e.getCause().getMessage());
    }
  }

  @Test
  void refusesDirectoryWithoutTrailingSlash() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WriteParquet.to("out/t"));
    assertEquals("directory must end with '/', got out/t", e.getMessage());
  }

  @Test
  void refusesFewerThanOneShard() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WriteParquet.to("out/").withShards(0));
    assertEquals("shards must be >= 1, got 0", e.getMessage());
  }

  @Test
  void refusesEmptyPartitionColumn() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WriteParquet.to("out/").withPartitionBy(" "));
    assertEquals("partition column must not be empty", e.getMessage());
  }

  @Test
  void refusesUnknownOrReservedPartitionColumnWhenApplied() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Row> in = p.apply(Create.empty(IN));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> in.apply("Unknown", WriteParquet.to("out/").withPartitionBy("zz")));
    assertEquals("partition_by: no column 'zz'; columns are [s, i, l, d, b, dec, dt, ts]", unknown.getMessage());
    IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
        () -> in.apply("Reserved", WriteParquet.to("out/").withPartitionBy(Lineage.FIELD)));
    assertEquals("partition_by: no column '__bl_source'; columns are [s, i, l, d, b, dec, dt, ts]",
        reserved.getMessage());
  }
}
