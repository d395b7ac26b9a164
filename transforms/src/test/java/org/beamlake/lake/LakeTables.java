package org.beamlake.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.schema.ColumnType;
import org.joda.time.Instant;

/** A table with a column of every {@link ColumnType}, and helpers to write and list tables. */
final class LakeTables {
  private LakeTables() {}

  /** One column per column type, in {@link ColumnType} order, without lineage: the table's schema. */
  static final Schema TABLE = Schema.builder()
      .addField("s", ColumnType.STRING.fieldType())
      .addField("i", ColumnType.INT.fieldType())
      .addField("l", ColumnType.LONG.fieldType())
      .addField("d", ColumnType.DOUBLE.fieldType())
      .addField("b", ColumnType.BOOLEAN.fieldType())
      .addField("dec", ColumnType.DECIMAL.fieldType())
      .addField("dt", ColumnType.DATE.fieldType())
      .addField("ts", ColumnType.TIMESTAMP.fieldType())
      .build();

  /** The rows as they arrive at the write: the table's columns plus lineage. */
  static final Schema IN = Lineage.withLineage(TABLE);

  /** A row of {@link #IN}; the last value is the lineage. */
  static Row in(Object... values) {
    return Row.withSchema(IN).addValues(Arrays.asList(values)).build();
  }

  /** A row of {@link #TABLE}. */
  static Row table(Object... values) {
    return Row.withSchema(TABLE).addValues(Arrays.asList(values)).build();
  }

  static Instant ts(String iso) {
    return Instant.parse(iso);
  }

  /** Rows with a null in every column, extreme values, a leap day and dates and instants before 1970. */
  static final List<Row> INPUT = List.of(
      in("a", 1, 10L, 1.5, true, new BigDecimal("12.34"), LocalDate.of(2024, 2, 29), ts("2024-02-29T12:34:56.789Z"),
          "f.csv:2"),
      in(null, null, null, null, null, null, null, null, "f.csv:3"),
      in("ü, \"q\"\nline", Integer.MIN_VALUE, Long.MAX_VALUE, -0.25, false, new BigDecimal("-0.001"),
          LocalDate.of(1969, 12, 31), ts("1969-12-31T23:59:59.999Z"), "f.csv:4"),
      in("", 0, null, null, false, new BigDecimal("100"), LocalDate.of(1970, 1, 1), null, null));

  /** {@link #INPUT} as it reads back: without lineage. */
  static final List<Row> EXPECTED = List.of(
      table("a", 1, 10L, 1.5, true, new BigDecimal("12.34"), LocalDate.of(2024, 2, 29), ts("2024-02-29T12:34:56.789Z")),
      table(null, null, null, null, null, null, null, null),
      table("ü, \"q\"\nline", Integer.MIN_VALUE, Long.MAX_VALUE, -0.25, false, new BigDecimal("-0.001"),
          LocalDate.of(1969, 12, 31), ts("1969-12-31T23:59:59.999Z")),
      table("", 0, null, null, false, new BigDecimal("100"), LocalDate.of(1970, 1, 1), null));

  /** Runs a pipeline that writes {@code rows} (of {@code schema}) with {@code write}. */
  static void run(Schema schema, List<Row> rows, PTransform<PCollection<Row>, PDone> write) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Row> input = rows.isEmpty()
        ? p.apply(Create.empty(schema))
        : p.apply(Create.of(rows).withRowSchema(schema));
    input.apply(write);
    p.run().waitUntilFinish();
  }

  /** Writes {@code rows} as Parquet into the run's staging directory and commits them to {@code table}. */
  static CommitInfo writeAndCommit(Lake lake, String runId, String table, Schema schema, List<Row> rows,
      WriteParquet write, String partitionBy) {
    run(schema, rows, write);
    return TableCommit.commit(staging(lake, runId, table), lake.refined(table), runId, rows.size(),
        TableSchemas.columns(schema), partitionBy);
  }

  static String staging(Lake lake, String runId, String table) {
    return lake.staging(runId, "refined", table);
  }

  /** The regular files under {@code dir}, relative and sorted, hidden files (checksums) excluded. */
  static List<String> files(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString())
          .filter(f -> !f.startsWith(".") && !f.contains("/."))
          .sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
