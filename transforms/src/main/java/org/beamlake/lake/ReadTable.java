package org.beamlake.lake;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.avro.AvroReadSupport;
import org.beamlake.schema.ColumnType;
import org.beamlake.schema.Rows;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.ReadableInstant;

/**
 * Reads a committed, unpartitioned Parquet table (a trusted dataset) as rows with the schema its
 * {@code _SUCCESS} marker records. The marker is read when the pipeline is built, so a missing or
 * uncommitted table fails before any data is read, and only committed files are read.
 *
 * <pre>{@code
 * PCollection<Row> orders = p.apply(ReadTable.from(lake.trusted("orders")));
 * }</pre>
 */
public final class ReadTable extends PTransform<PBegin, PCollection<Row>> {
  private final String directory;
  private final CommitInfo commit;
  private final @Nullable List<String> columns;
  /** Whether the rows have {@link #columns} in the order given, not the table's. */
  private final boolean inGivenOrder;
  /** Rows with a null in one of these columns are left out. */
  private final List<String> notNull;

  private ReadTable(String directory, CommitInfo commit, @Nullable List<String> columns, boolean inGivenOrder,
      List<String> notNull) {
    this.directory = directory;
    this.commit = commit;
    this.columns = columns;
    this.inGivenOrder = inGivenOrder;
    this.notNull = notNull;
  }

  /** Reads the table committed in {@code directory}; fails now if there is none. */
  public static ReadTable from(String directory) {
    CommitInfo commit = TableCommit.read(directory)
        .orElseThrow(() -> new IllegalStateException(
            "no committed table at " + Lake.display(directory) + " (no _SUCCESS marker): run the stage that writes it first"));
    if (commit.partitionBy() != null) {
      throw new IllegalArgumentException("reading a partitioned table in a pipeline is not supported: " + directory);
    }
    return new ReadTable(directory, commit, null, false, List.of());
  }

  /**
   * Reads only {@code columns} of the table (at least one), in the table's order: the other
   * columns' pages are not decoded at all. The rows have only those columns.
   */
  public ReadTable withColumns(List<String> columns) {
    checkColumns(columns);
    return new ReadTable(directory, commit, List.copyOf(columns), false, notNull);
  }

  /** As {@link #withColumns}, the rows' columns in the order of {@code columns}. */
  public ReadTable selecting(List<String> columns) {
    checkColumns(columns);
    checkArgument(columns.stream().distinct().count() == columns.size(), "a column named twice in %s", columns);
    return new ReadTable(directory, commit, List.copyOf(columns), true, notNull);
  }

  /**
   * Leaves out the rows with a null in any of {@code columns}, which need not be among the columns
   * read: what {@code WHERE c IS NOT NULL} keeps, made in the read.
   */
  public ReadTable withoutNullsIn(List<String> columns) {
    checkColumns(columns);
    return new ReadTable(directory, commit, this.columns, inGivenOrder, List.copyOf(columns));
  }

  private void checkColumns(List<String> columns) {
    Schema all = TableSchemas.fromColumns(commit.columns());
    checkArgument(columns != null && !columns.isEmpty(), "read at least one column of %s", Lake.display(directory));
    for (String column : columns) {
      checkArgument(all.hasField(column), "the table at %s has no column '%s'; its columns are %s",
          Lake.display(directory), column, all.getFieldNames());
    }
  }

  /**
   * The table for Beam SQL ({@code RunSql.withTables}), its columns and {@code IS NOT NULL}
   * conditions made in the read; {@code name} is the read's step.
   */
  public SqlTable asSqlTable(String name) {
    return new SqlTable(this, name);
  }

  /** The schema of the rows read (the table's, or the columns asked for), known before the pipeline runs. */
  public Schema schema() {
    Schema all = TableSchemas.fromColumns(commit.columns());
    if (columns == null) {
      return all;
    }
    if (inGivenOrder) {
      return columns.stream().map(all::getField).collect(Schema.toSchema());
    }
    return all.getFields().stream().filter(f -> columns.contains(f.getName())).collect(Schema.toSchema());
  }

  /** The columns decoded: those of {@link #schema()}, and the ones only checked for nulls after them. */
  private Schema decoded() {
    Schema schema = schema();
    List<Schema.Field> fields = new ArrayList<>(schema.getFields());
    for (String column : notNull) {
      if (!schema.hasField(column)) {
        fields.add(TableSchemas.fromColumns(commit.columns()).getField(column));
      }
    }
    return Schema.builder().addFields(fields).build();
  }

  @Override
  public PCollection<Row> expand(PBegin input) {
    Schema schema = schema();
    Schema decoded = decoded();
    List<String> files = commit.files().stream()
        .filter(f -> f.endsWith(".parquet"))
        .map(f -> directory + f)
        .collect(Collectors.toList());
    if (files.isEmpty()) {
      return input.apply("Empty", Create.empty(schema));
    }
    PCollection<Row> rows = input
        // The names as one element, so that all of them start on one worker: ParquetIO's reader
        // reshuffles the files' row groups, and the Spark runner deals out each worker's elements
        // in turn from a start of its own. From one worker they spread evenly; one file on each
        // of two workers landed both on one, at every run, and one core read the table (BENCHMARKS.md).
        // Hence no reshuffle of the names either, matchAll's own included.
        .apply("Files", Create.of(List.of(files)).withCoder(ListCoder.of(StringUtf8Coder.of())))
        .apply("EachFile", Flatten.iterables())
        .apply("Match", FileIO.matchAll().withOutputParallelization(false))
        .apply("Open", FileIO.readMatches())
        // Each record becomes a row inside the read: a step of its own costs the runner's per-element
        // work once more for every row (BENCHMARKS.md).
        .apply("ReadParquet", read(decoded))
        .setRowSchema(decoded);
    if (notNull.isEmpty()) {
      return rows;
    }
    // A step of its own: Parquet's record filter (a filter predicate in the reader's
    // configuration) was no faster on the benchmark's 4M rows, and it has a column type per case.
    return rows.apply("LeaveOutNulls", ParDo.of(new LeaveOutNulls(decoded, schema, notNull))).setRowSchema(schema);
  }

  private ParquetIO.ParseFiles<Row> read(Schema schema) {
    ParquetIO.ParseFiles<Row> read = ParquetIO.parseFilesGenericRecords(new ToRow(schema)).withCoder(RowCoder.of(schema));
    if (columns == null) {
      return read;
    }
    // Parquet's Avro reader reads only the columns of a requested projection: the schema the
    // columns were written with, narrowed to those asked for, in the file's order.
    Schema inFileOrder = TableSchemas.fromColumns(commit.columns()).getFields().stream()
        .filter(f -> schema.hasField(f.getName())).collect(Schema.toSchema());
    return read.withConfiguration(
        Map.of(AvroReadSupport.AVRO_REQUESTED_PROJECTION, TableSchemas.avro(inFileOrder).toString()));
  }

  /** Keeps the rows without a null in the given columns, narrowed to the columns of {@code to}. */
  static final class LeaveOutNulls extends DoFn<Row, Row> {
    private final Schema to;
    private final int[] checked;
    private final int[] kept;
    private final boolean narrowed;

    LeaveOutNulls(Schema from, Schema to, List<String> notNull) {
      this.to = to;
      this.checked = notNull.stream().mapToInt(from::indexOf).toArray();
      this.kept = to.getFieldNames().stream().mapToInt(from::indexOf).toArray();
      this.narrowed = from.getFieldCount() != to.getFieldCount();
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      for (int index : checked) {
        if (row.getValue(index) == null) {
          return;
        }
      }
      out.output(narrowed ? Rows.select(to, row, kept) : row);
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("directory", directory)).add(DisplayData.item("runId", commit.runId()));
    if (columns != null) {
      builder.add(DisplayData.item("columns", String.join(", ", columns)));
    }
    if (!notNull.isEmpty()) {
      builder.add(DisplayData.item("withoutNullsIn", String.join(", ", notNull)));
    }
  }

  /**
   * Avro record to row. Beam's Avro conversion reads a {@code date} only into a {@code DATETIME}
   * field, so date columns are read as such (midnight UTC) and turned back into {@link LocalDate}.
   * Decimals come back from their stored scale ({@link TableSchemas#DECIMAL_SCALE}) without
   * trailing zeros: {@code 12.34}, not {@code 12.340000000000000000}.
   */
  static final class ToRow extends SimpleFunction<GenericRecord, Row> {
    private final Schema schema;
    private final Schema readSchema;
    private final boolean[] dates;
    /** Per field: the Avro value is already the row's value (string aside), so nothing to convert. */
    private final boolean[] plain;
    /** Per field: its column type, looked up once rather than per row and field. */
    private final ColumnType[] types;
    private transient org.apache.avro.Schema positionsOf;
    private transient int[] positions;
    private transient org.apache.avro.Schema[] avroFields;

    ToRow(Schema schema) {
      this.schema = schema;
      this.dates = new boolean[schema.getFieldCount()];
      this.plain = new boolean[schema.getFieldCount()];
      this.types = new ColumnType[schema.getFieldCount()];
      Schema.Builder read = Schema.builder();
      for (int i = 0; i < schema.getFieldCount(); i++) {
        Schema.Field f = schema.getField(i);
        dates[i] = isDate(f.getType());
        plain[i] = TableSchemas.isPlain(f.getType().getTypeName());
        types[i] = ColumnType.of(f.getType());
        read.addField(dates[i] ? Schema.Field.of(f.getName(), FieldType.DATETIME.withNullable(f.getType().getNullable())) : f);
      }
      this.readSchema = read.build();
    }


    private static boolean isDate(FieldType type) {
      return type.getTypeName() == Schema.TypeName.LOGICAL_TYPE
          && SqlTypes.DATE.getIdentifier().equals(type.getLogicalType().getIdentifier());
    }

    /**
     * Strings, ints, longs, doubles and booleans are taken from the record as they are (Avro's
     * {@code Utf8} as a string); other types go through Beam's Avro conversion, field by field.
     * Converting whole records with {@code AvroUtils.toBeamRowStrict} re-derived every field's
     * nullability with a stream per field and row: over a quarter of the analytics stage's CPU.
     */
    @Override
    public Row apply(GenericRecord record) {
      org.apache.avro.Schema avro = record.getSchema();
      if (avro != positionsOf) {
        locate(avro);
      }
      List<Object> values = new ArrayList<>(positions.length);
      for (int i = 0; i < positions.length; i++) {
        Object value = record.get(positions[i]);
        if (value == null) {
          values.add(null);
        } else if (plain[i] && value instanceof CharSequence) {
          values.add(value.toString());
        } else if (plain[i] && types[i].isJavaTypeOf(value)) {
          values.add(value);
        } else {
          values.add(convert(AvroUtils.convertAvroFieldStrict(value, avroFields[i], readSchema.getField(i).getType()), i));
        }
      }
      return Rows.of(schema, values);
    }

    private Object convert(Object value, int field) {
      if (dates[field] && value != null) {
        long millis = ((ReadableInstant) value).getMillis();
        return LocalDate.ofEpochDay(Math.floorDiv(millis, 86_400_000L));
      }
      return value instanceof BigDecimal ? TableSchemas.readDecimal((BigDecimal) value) : value;
    }

    private void locate(org.apache.avro.Schema avro) {
      int[] found = new int[schema.getFieldCount()];
      org.apache.avro.Schema[] fields = new org.apache.avro.Schema[found.length];
      for (int i = 0; i < found.length; i++) {
        org.apache.avro.Schema.Field field = avro.getField(schema.getField(i).getName());
        if (field == null) {
          throw new IllegalArgumentException("the Parquet file has no column " + schema.getField(i).getName()
              + "; its columns are " + avro.getFields().stream().map(org.apache.avro.Schema.Field::name).toList());
        }
        found[i] = field.pos();
        fields[i] = field.schema();
      }
      positions = found;
      avroFields = fields;
      positionsOf = avro;
    }
  }

}
