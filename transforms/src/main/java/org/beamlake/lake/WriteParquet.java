package org.beamlake.lake;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.RowStep;
import org.beamlake.schema.ColumnType;
import org.beamlake.schema.Rows;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes rows as Parquet files into a (staging) directory, optionally partitioned Hive-style by one
 * column ({@code DATABASE_ID=WB_WDI/part-00000-of-00001.parquet}; the partition column then lives in
 * the directory name only, as Athena and Spark expect).
 *
 * <pre>{@code
 * rows.apply(WriteParquet.to(lake.staging(runId, "refined", "stats")).withPartitionBy("DATABASE_ID").withShards(1));
 * }</pre>
 *
 * <p>The written schema is {@link TableSchemas#normalize}d: reserved columns dropped, every column
 * nullable and of a {@link org.beamlake.schema.ColumnType}; {@code decimal} columns are stored as
 * {@code DECIMAL(38, 18)}, and a value that does not fit fails the write. A null partition value
 * is written as {@value #NULL_PARTITION}, as Hive does. Pair with {@link TableCommit} to publish
 * the files.
 */
public final class WriteParquet extends PTransform<PCollection<Row>, PDone> {
  /** Directory value for a null partition key. */
  public static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  private final String directory;
  private final @Nullable String partitionBy;
  private final int shards;
  /** Where each bundle writes its own files, when written {@link #inBundles}; else null. */
  private final @Nullable String bundleDirectory;

  private WriteParquet(String directory, @Nullable String partitionBy, int shards, @Nullable String bundleDirectory) {
    this.directory = directory;
    this.partitionBy = partitionBy;
    this.shards = shards;
    this.bundleDirectory = bundleDirectory;
  }

  /** Writes into {@code directory} (a URI ending with {@code /}), one file per partition until {@link #withShards}. */
  public static WriteParquet to(String directory) {
    checkArgument(directory != null && directory.endsWith("/"), "directory must end with '/', got %s", directory);
    return new WriteParquet(directory, null, 1, null);
  }

  public WriteParquet withPartitionBy(String column) {
    checkArgument(column != null && !column.isBlank(), "partition column must not be empty");
    checkArgument(bundleDirectory == null, "a write in bundles is not partitioned");
    return new WriteParquet(directory, column, shards, bundleDirectory);
  }

  /**
   * Files per partition (default 1). Always a fixed number: with runner-determined sharding, Beam
   * 2.70's Spark runner was seen to publish only one partition's file, half the rows. It is a
   * maximum: a shard that receives no rows writes no file, so an empty input writes none.
   */
  public WriteParquet withShards(int shards) {
    checkArgument(shards >= 1, "shards must be >= 1, got %s", shards);
    checkArgument(bundleDirectory == null, "a write in bundles has no fixed number of shards");
    return new WriteParquet(directory, partitionBy, shards, bundleDirectory);
  }

  /**
   * Each bundle of rows is written to files of its own under {@code bundleDirectory} (a URI ending
   * with {@code /}, outside {@code directory}), without the shuffle that a fixed number of shards
   * takes: one file or more for each bundle with rows (on Spark, a bundle is a partition), each at most
   * about 256 MiB ({@link ParquetBundles#FILE_BYTES}) and 8 million values, rows times columns
   * ({@link ParquetBundles#FILE_VALUES}). The files that completed are listed as data; after the
   * pipeline, {@link #publishBundles} moves the listed ones into {@code directory}, so a file left by
   * a failed or retried attempt is never published. Not partitioned.
   */
  public WriteParquet inBundles(String bundleDirectory) {
    checkArgument(bundleDirectory != null && bundleDirectory.endsWith("/"),
        "bundle directory must end with '/', got %s", bundleDirectory);
    checkArgument(partitionBy == null, "a write in bundles is not partitioned");
    checkArgument(!bundleDirectory.startsWith(directory), "bundle directory must be outside %s", directory);
    return new WriteParquet(directory, null, shards, bundleDirectory);
  }

  /**
   * After a pipeline with a write {@link #inBundles}: moves the files its bundles completed into
   * {@code directory}, named {@code part-00000-of-0000N.parquet} in the order of their names; returns
   * how many. Nothing else under {@code bundleDirectory} is moved.
   */
  public static int publishBundles(String bundleDirectory, String directory) {
    return ParquetBundles.publish(bundleDirectory, directory);
  }

  /**
   * A write {@link #inBundles} that first runs {@code step} on each row, in the writer's own DoFn:
   * the step's rows are written, and its rejects ({@link RowResult#REJECTS}) and counts ({@link
   * RowResult#COUNTS}: in, rows, rejects, dropped) are the result. On Spark this saves caching the
   * step's rows: a step with several outputs has all of them cached whole, the writer's outputs are
   * small.
   */
  public AfterStep afterStep(RowStep step) {
    checkArgument(bundleDirectory != null, "only a write in bundles runs a step first");
    checkArgument(step != null, "step must not be null");
    return new AfterStep(this, step);
  }

  /**
   * A write {@link #inBundles} that counts the rows it writes, per bundle ({@link RowResult#COUNTS}:
   * in and rows, the same; no rejects). A count beside the write would be a second reader of the
   * rows, and on Spark a collection with two readers is cached whole first.
   */
  public AfterStep countingRows() {
    checkArgument(bundleDirectory != null, "only a write in bundles counts its rows");
    return new AfterStep(this, null);
  }

  /** {@link #afterStep} or {@link #countingRows}: the step's rejects and counts out, its rows written. */
  public static final class AfterStep extends PTransform<PCollection<Row>, PCollectionTuple> {
    private final WriteParquet write;
    private final @Nullable RowStep step;

    private AfterStep(WriteParquet write, @Nullable RowStep step) {
      this.write = write;
      this.step = step;
    }

    @Override
    public PCollectionTuple expand(PCollection<Row> input) {
      return write.writeInBundles(input, step == null ? new Unchanged(input.getSchema()) : step);
    }
  }

  /** Sends every row on as it is: what {@link #countingRows} runs, so the writer counts. */
  static final class Unchanged implements RowStep {
    private static final long serialVersionUID = 1L;
    private final Schema schema;

    Unchanged(Schema schema) {
      this.schema = schema;
    }

    @Override
    public Schema outputSchema() {
      return schema;
    }

    @Override
    public List<PCollectionView<?>> sideInputs() {
      return List.of();
    }

    @Override
    public Bound bind(SideInputs sideInputs) {
      return (row, out) -> out.row(row);
    }
  }

  @Override
  public PDone expand(PCollection<Row> input) {
    if (bundleDirectory != null) {
      writeInBundles(input, null);
      return PDone.in(input.getPipeline());
    }
    Schema table = TableSchemas.normalize(input.getSchema());
    if (partitionBy != null) {
      checkArgument(table.hasField(partitionBy),
          "partition_by: no column '%s'; columns are %s", partitionBy, table.getFieldNames());
    }
    Schema fileSchema = partitionBy == null ? table : TableSchemas.without(table, partitionBy);
    org.apache.avro.Schema avro = TableSchemas.avro(fileSchema);
    PCollection<Row> rows = input
        .apply("Normalize", MapElements.into(TypeDescriptors.rows()).via(new Normalize(table)))
        .setRowSchema(table);
    SerializableFunction<Row, GenericRecord> toRecord = toRecord(table, fileSchema);
    if (partitionBy == null) {
      FileIO.Write<Void, Row> write = FileIO.<Row>write()
          .via(Contextful.fn(toRecord), ParquetIO.sink(avro))
          .to(directory)
          .withNaming(FileIO.Write.defaultNaming("part", ".parquet"));
      rows.apply("WriteParquet", write.withNumShards(shards));
    } else {
      String column = partitionBy;
      FileIO.Write<String, Row> write = FileIO.<String, Row>writeDynamic()
          .by(row -> partitionValue(row.getValue(column)))
          .withDestinationCoder(StringUtf8Coder.of())
          .via(Contextful.fn(toRecord), ParquetIO.sink(avro))
          .to(directory)
          .withNaming(value -> FileIO.Write.defaultNaming(column + "=" + value + "/part", ".parquet"));
      rows.apply("WriteParquet", write.withNumShards(shards));
    }
    return PDone.in(input.getPipeline());
  }

  /** The rows, or those {@code step} sends on, normalized and written per bundle; the step's outputs. */
  private PCollectionTuple writeInBundles(PCollection<Row> input, @Nullable RowStep step) {
    Schema table = TableSchemas.normalize(step == null ? input.getSchema() : step.outputSchema());
    SerializableFunction<Row, Row> normalize = new Normalize(table);
    SerializableFunction<Row, GenericRecord> toRecord = toRecord(table, table);
    SerializableFunction<Row, GenericRecord> normalizedRecord = row -> toRecord.apply(normalize.apply(row));
    return ParquetBundles.write(input, step, bundleDirectory, normalizedRecord, TableSchemas.avro(table).toString());
  }

  /** Rows of {@code table} (normalized) to records of {@code fileSchema}. */
  static SerializableFunction<Row, GenericRecord> toRecord(Schema table, Schema fileSchema) {
    return new ToRecord(table, fileSchema, TableSchemas.avro(fileSchema).toString());
  }

  /** The directory-safe text of a partition value. */
  static String partitionValue(@Nullable Object value) {
    if (value == null) {
      return NULL_PARTITION;
    }
    return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("directory", directory))
        .addIfNotNull(DisplayData.item("partitionBy", partitionBy))
        .add(DisplayData.item("shards", bundleDirectory == null ? String.valueOf(shards) : "one or more per bundle"));
  }

  /**
   * A row to the table's normalized schema ({@link TableSchemas#normalize}: each value converted
   * with {@link ColumnType#convert}), with the positions of its columns in the input and their
   * types worked out once per input schema, not per row.
   */
  private static final class Normalize implements SerializableFunction<Row, Row> {
    private final Schema table;
    private transient @Nullable Schema from;
    private transient int[] positions;
    private transient ColumnType[] types;

    Normalize(Schema table) {
      this.table = table;
    }

    @Override
    public Row apply(Row row) {
      if (row.getSchema() != from) {
        locate(row.getSchema());
      }
      List<Object> values = new ArrayList<>(positions.length);
      for (int i = 0; i < positions.length; i++) {
        Object value = types[i].convert(row.getValue(positions[i]));
        if (value instanceof BigDecimal) {
          TableSchemas.checkStoredDecimal(table.getField(i).getName(), (BigDecimal) value);
        }
        values.add(value);
      }
      return Rows.of(table, values);
    }

    private void locate(Schema schema) {
      int[] found = new int[table.getFieldCount()];
      ColumnType[] typesOf = new ColumnType[found.length];
      for (int i = 0; i < found.length; i++) {
        found[i] = schema.indexOf(table.getField(i).getName());
        typesOf[i] = ColumnType.of(table.getField(i).getType());
      }
      positions = found;
      types = typesOf;
      from = schema;
    }
  }

  /**
   * Row to Avro record. Strings, ints, longs, doubles and booleans are put into the record as they
   * are, by position; the other columns (decimals, dates, timestamps) go through Beam's Avro
   * conversion as one row of those columns. Converting whole rows with Beam's function re-derived
   * every field's nullability per row and field: 7% of the benchmark's ETL stage.
   */
  private static final class ToRecord implements SerializableFunction<Row, GenericRecord> {

    private final String avroJson;
    /** Per file column: its index in the input row. */
    private final int[] rowIndexes;
    /** File column indexes taken as they are, and those converted by Beam. */
    private final int[] plain;
    private final int[] converted;
    private final Schema convertedSchema;
    private transient org.apache.avro.Schema avro;
    private transient @Nullable SerializableFunction<Row, GenericRecord> convert;

    ToRecord(Schema table, Schema fileSchema, String avroJson) {
      this.avroJson = avroJson;
      this.rowIndexes = fileSchema.getFields().stream().mapToInt(f -> table.indexOf(f.getName())).toArray();
      List<Integer> plainFields = new ArrayList<>();
      List<Integer> convertedFields = new ArrayList<>();
      for (int i = 0; i < fileSchema.getFieldCount(); i++) {
        (TableSchemas.isPlain(fileSchema.getField(i).getType().getTypeName()) ? plainFields : convertedFields).add(i);
      }
      this.plain = plainFields.stream().mapToInt(Integer::intValue).toArray();
      this.converted = convertedFields.stream().mapToInt(Integer::intValue).toArray();
      this.convertedSchema = convertedFields.stream().map(fileSchema::getField).collect(Schema.toSchema());
    }

    @Override
    public GenericRecord apply(Row row) {
      if (avro == null) {
        avro = new org.apache.avro.Schema.Parser().parse(avroJson);
        convert = converted.length == 0 ? null : AvroUtils.getRowToGenericRecordFunction(TableSchemas.avro(convertedSchema));
      }
      GenericData.Record record = new GenericData.Record(avro);
      for (int field : plain) {
        record.put(field, row.getValue(rowIndexes[field]));
      }
      if (converted.length > 0) {
        List<Object> values = new ArrayList<>(converted.length);
        for (int field : converted) {
          values.add(row.getValue(rowIndexes[field]));
        }
        GenericRecord part = convert.apply(Rows.of(convertedSchema, values));
        for (int i = 0; i < converted.length; i++) {
          record.put(converted[i], part.get(i));
        }
      }
      return record;
    }
  }
}
