package org.beamlake.lake;

import static org.beamlake.lake.LakeTables.EXPECTED;
import static org.beamlake.lake.LakeTables.IN;
import static org.beamlake.lake.LakeTables.INPUT;
import static org.beamlake.lake.LakeTables.files;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.testing.PAssert;
import org.beamlake.clean.JoinDatasets;
import org.beamlake.quarantine.Lineage;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.RowStep;
import org.beamlake.quarantine.StepCounts;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WriteParquet#inBundles}: files per bundle, listed as data, published from the list only. */
class WriteParquetBundlesTest {
  @Test
  void publishesTheListedFilesAsNumberedPartsWithEveryRowOnce(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    List<Row> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(LakeTables.in("r" + i, i, (long) i, null, null, null, null, null, "f.csv:" + i));
    }
    String bundles = lake.staging("r1", "bundles", "t");
    String staging = LakeTables.staging(lake, "r1", "t");
    LakeTables.run(IN, many, WriteParquet.to(staging).inBundles(bundles));
    // A file a failed attempt left behind: in the bundle directory, not in the list.
    Path stray = tmp.resolve("_staging/r1/bundles/t/stray.parquet");
    Files.copy(Path.of(FileLists.read(bundles + ParquetBundles.LIST).get(0).replace("file:", "")), stray);

    int published = WriteParquet.publishBundles(bundles, staging);
    CommitInfo commit = TableCommit.commit(staging, lake.refined("t"), "r1", 300, TableSchemas.columns(IN), null);

    List<String> parts = new ArrayList<>();
    for (int i = 0; i < published; i++) {
      parts.add(String.format("part-%05d-of-%05d.parquet", i, published));
    }
    assertEquals(parts, commit.files());
    assertEquals(300, commit.rows());
    assertEquals(
        many.stream().map(r -> r.getString("s")).sorted().collect(Collectors.toList()),
        TableReader.readAll(lake.refined("t")).rows().stream().map(r -> r.getString("s")).sorted()
            .collect(Collectors.toList()));
    assertEquals(List.of("files.list", "stray.parquet"), files(tmp.resolve("_staging/r1/bundles/t")));
  }

  @Test
  void everyColumnTypeRoundTrips(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    String bundles = lake.staging("r1", "bundles", "t");
    String staging = LakeTables.staging(lake, "r1", "t");
    LakeTables.run(IN, INPUT, WriteParquet.to(staging).inBundles(bundles));
    WriteParquet.publishBundles(bundles, staging);
    TableCommit.commit(staging, lake.refined("t"), "r1", INPUT.size(), TableSchemas.columns(IN), null);

    List<Row> read = TableReader.readAll(lake.refined("t")).rows();
    assertEquals(EXPECTED.size(), read.size());
    assertEquals(new java.util.HashSet<>(EXPECTED), new java.util.HashSet<>(read));
  }

  @Test
  void aBundleStartsANewFileOnceItsFileHasTheBytesItMayHold(@TempDir Path tmp) {
    // At one byte a file, every row closes its file: three rows, three files of one row each.
    assertEquals(List.of(1L, 1L, 1L), rowsPerFile(tmp, INPUT.subList(0, 3), 1, ParquetBundles.FILE_VALUES));
  }

  @Test
  void aBundleStartsANewFileOnceItsFileHasTheValuesItMayHold(@TempDir Path tmp) {
    // Seven rows of IN's columns, at two rows' values a file: files of 2, 2, 2 and 1 rows, every row once.
    int columns = TableSchemas.avro(TableSchemas.normalize(IN)).getFields().size();
    List<Row> seven = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      seven.add(LakeTables.in("r" + i, i, (long) i, null, null, null, null, null, "f.csv:" + i));
    }
    assertEquals(List.of(1L, 2L, 2L, 2L), rowsPerFile(tmp, seven, ParquetBundles.FILE_BYTES, 2L * columns + 1));
  }

  /** Writes {@code rows} of IN as one bundle; the rows of each file it lists, in ascending order. */
  private static List<Long> rowsPerFile(Path tmp, List<Row> rows, long fileBytes, long fileValues) {
    String bundles = Lake.at(tmp.toString()).staging("r1", "bundles", "t");
    org.apache.beam.sdk.schemas.Schema table = TableSchemas.normalize(IN);
    org.apache.avro.Schema avro = TableSchemas.avro(table);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    // One element that becomes the rows: they are one bundle (Create alone may split them).
    FileLists.write(p.apply(Create.of(List.of(rows)).withCoder(ListCoder.of(RowCoder.of(IN))))
            .apply(Flatten.iterables()).setRowSchema(IN)
            .apply(ParDo.of(new ParquetBundles.WriteFn(bundles, WriteParquet.toRecord(table, table), avro.toString(),
                    fileBytes, fileValues, null))
                .withOutputTags(ParquetBundles.NAMES, TupleTagList.empty()))
            .get(ParquetBundles.NAMES),
        bundles + ParquetBundles.LIST, "List");
    p.run().waitUntilFinish();

    List<Long> counts = new ArrayList<>();
    for (String file : FileLists.read(bundles + ParquetBundles.LIST)) {
      try {
        counts.add(ParquetFooters.rowCount(FileSystems.matchSingleFileSpec(file)));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    counts.sort(null);
    return counts;
  }

  @Test
  void aFileHoldsEightMillionValuesRowsTimesColumnsAndAtLeastOneRow() {
    assertEquals(8_000_000, ParquetBundles.FILE_VALUES);
    assertEquals(1_333_333, ParquetBundles.fileRows(ParquetBundles.FILE_VALUES, 6));
    assertEquals(80_000, ParquetBundles.fileRows(ParquetBundles.FILE_VALUES, 100));
    assertEquals(1, ParquetBundles.fileRows(5, 10));
  }

  @Test
  void aStepRunsInTheWriterItsRowsWrittenItsRejectsAndCountsOut(@TempDir Path tmp) {
    Schema left = Lineage.withLineage(Schema.builder().addNullableField("k", FieldType.STRING)
        .addField("v", FieldType.INT32).build());
    Schema right = Lineage.withLineage(Schema.builder().addField("k", FieldType.STRING)
        .addField("name", FieldType.STRING).build());
    Lake lake = Lake.at(tmp.toString());
    String bundles = lake.staging("r1", "bundles", "t");
    String staging = LakeTables.staging(lake, "r1", "t");
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Row> names = p.apply("Right", Create.of(row(right, "a", "A", "r:2"),
        row(right, "b", "B", "r:3"), row(right, "d", "D", "r:4"), row(right, "d", "D2", "r:5"))
        .withRowSchema(right));
    RowStep join = JoinDatasets.with("names", names, List.of("k")).inner().asRowStep("Join", left);
    PCollectionTuple out = p.apply("Left", Create.of(row(left, "a", 1, "l:2"), row(left, "b", 2, "l:3"),
            row(left, "c", 3, "l:4"), row(left, null, 4, "l:5"), row(left, "d", 5, "l:6"))
            .withRowSchema(left))
        .apply(WriteParquet.to(staging).inBundles(bundles).afterStep(join));
    PAssert.that(out.get(RowResult.REJECTS)).containsInAnyOrder(new QuarantinedRecord("join", "join(names)",
        "key (k)=(d) matches 2 rows in names", "{\"k\":\"d\",\"v\":5}", "l:6"));
    PAssert.that(out.get(RowResult.COUNTS).apply(Sum.longsPerKey())).containsInAnyOrder(KV.of(StepCounts.IN, 5L),
        KV.of(StepCounts.ROWS, 2L), KV.of(StepCounts.REJECTS, 1L), KV.of(StepCounts.DROPPED, 2L));
    p.run().waitUntilFinish();

    WriteParquet.publishBundles(bundles, staging);
    Schema table = Schema.builder().addNullableField("k", FieldType.STRING).addNullableField("v", FieldType.INT32)
        .addNullableField("name", FieldType.STRING).build();
    TableCommit.commit(staging, lake.refined("t"), "r1", 2, TableSchemas.columns(table), null);
    assertEquals(List.of(List.of("a", 1, "A"), List.of("b", 2, "B")),
        TableReader.readAll(lake.refined("t")).rows().stream().map(r -> (List<Object>) new ArrayList<>(r.getValues()))
            .sorted(java.util.Comparator.comparing(Object::toString)).collect(Collectors.toList()));
  }

  @Test
  void aWriteCountingItsRowsCountsEachRowItWritesOnce(@TempDir Path tmp) {
    Schema schema = Lineage.withLineage(Schema.builder().addNullableField("k", FieldType.STRING)
        .addField("v", FieldType.INT32).build());
    Lake lake = Lake.at(tmp.toString());
    String bundles = lake.staging("r1", "bundles", "t");
    String staging = LakeTables.staging(lake, "r1", "t");
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple out = p.apply(Create.of(row(schema, "a", 1, "l:2"), row(schema, null, 2, "l:3"),
            row(schema, "a", 1, "l:4")).withRowSchema(schema))
        .apply(WriteParquet.to(staging).inBundles(bundles).countingRows());
    PAssert.that(out.get(RowResult.REJECTS)).empty();
    PAssert.that(out.get(RowResult.COUNTS).apply(Sum.longsPerKey())).containsInAnyOrder(KV.of(StepCounts.IN, 3L),
        KV.of(StepCounts.ROWS, 3L));
    p.run().waitUntilFinish();

    WriteParquet.publishBundles(bundles, staging);
    Schema table = Schema.builder().addNullableField("k", FieldType.STRING).addNullableField("v", FieldType.INT32).build();
    TableCommit.commit(staging, lake.refined("t"), "r1", 3, TableSchemas.columns(table), null);
    assertEquals(List.of(List.of("a", 1), List.of("a", 1), Arrays.asList(null, 2)),
        TableReader.readAll(lake.refined("t")).rows().stream().map(r -> (List<Object>) new ArrayList<>(r.getValues()))
            .sorted(java.util.Comparator.comparing(Object::toString)).collect(Collectors.toList()));
    assertEquals("only a write in bundles counts its rows", assertThrows(IllegalArgumentException.class,
        () -> WriteParquet.to("/lake/t/").countingRows()).getMessage());
  }

  @Test
  void aStepRunsOnlyInAWriteInBundles() {
    assertEquals("only a write in bundles runs a step first", assertThrows(IllegalArgumentException.class,
        () -> WriteParquet.to("/lake/t/").afterStep(new WriteParquet.Unchanged(IN))).getMessage());
    assertEquals("step must not be null", assertThrows(IllegalArgumentException.class,
        () -> WriteParquet.to("/lake/t/").inBundles("/b/").afterStep(null)).getMessage());
  }

  static Row row(Schema schema, Object... values) {
    return Row.withSchema(schema).addValues(values).build();
  }

  @Test
  void anEmptyInputPublishesNoFile(@TempDir Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    String bundles = lake.staging("r1", "bundles", "t");
    String staging = LakeTables.staging(lake, "r1", "t");
    LakeTables.run(IN, List.of(), WriteParquet.to(staging).inBundles(bundles));

    assertEquals(0, WriteParquet.publishBundles(bundles, staging));
    CommitInfo commit = TableCommit.commit(staging, lake.refined("t"), "r1", 0, TableSchemas.columns(IN), null);
    assertEquals(List.of(), commit.files());
    assertEquals(List.of(), TableReader.readAll(lake.refined("t")).rows());
  }

  @Test
  void publishingWithoutAListFailsNamingTheList(@TempDir Path tmp) {
    // A bundle directory whose pipeline never ran (or failed before listing): nothing is published.
    Lake lake = Lake.at(tmp.toString());
    String bundles = lake.staging("r1", "bundles", "t");
    java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
        () -> WriteParquet.publishBundles(bundles, LakeTables.staging(lake, "r1", "t")));
    assertEquals("could not read the file list " + Lake.display(bundles + ParquetBundles.LIST), e.getMessage());
    assertEquals(false, Files.exists(tmp.resolve("_staging/r1/refined/t")));
  }

  @Test
  void refusesABundleDirectoryInsideTheTableOrAPartitionedOrShardedWrite() {
    WriteParquet write = WriteParquet.to("/lake/_staging/r1/refined/t/");
    assertEquals("bundle directory must be outside /lake/_staging/r1/refined/t/",
        assertThrows(IllegalArgumentException.class, () -> write.inBundles("/lake/_staging/r1/refined/t/b/")).getMessage());
    assertEquals("a write in bundles is not partitioned",
        assertThrows(IllegalArgumentException.class, () -> write.withPartitionBy("s").inBundles("/b/")).getMessage());
    assertEquals("a write in bundles has no fixed number of shards",
        assertThrows(IllegalArgumentException.class, () -> write.inBundles("/b/").withShards(2)).getMessage());
  }
}
