package org.beamlake.lake;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
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

  private ReadTable(String directory, CommitInfo commit) {
    this.directory = directory;
    this.commit = commit;
  }

  /** Reads the table committed in {@code directory}; fails now if there is none. */
  public static ReadTable from(String directory) {
    CommitInfo commit = TableCommit.read(directory)
        .orElseThrow(() -> new IllegalStateException(
            "no committed table at " + Lake.display(directory) + " (no _SUCCESS marker): run the stage that writes it first"));
    if (commit.partitionBy() != null) {
      throw new IllegalArgumentException("reading a partitioned table in a pipeline is not supported: " + directory);
    }
    return new ReadTable(directory, commit);
  }

  /** The table's schema, known before the pipeline runs. */
  public Schema schema() {
    return TableSchemas.fromColumns(commit.columns());
  }

  @Override
  public PCollection<Row> expand(PBegin input) {
    Schema schema = schema();
    List<String> files = commit.files().stream()
        .filter(f -> f.endsWith(".parquet"))
        .map(f -> directory + f)
        .collect(Collectors.toList());
    if (files.isEmpty()) {
      return input.apply("Empty", Create.empty(schema));
    }
    org.apache.avro.Schema avro = TableSchemas.avro(schema);
    return input
        .apply("Files", Create.of(files))
        .apply("Match", FileIO.matchAll())
        .apply("Open", FileIO.readMatches())
        .apply("ReadParquet", ParquetIO.readFiles(avro))
        .apply("ToRows", MapElements.via(new ToRow(schema)))
        .setRowSchema(schema);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("directory", directory)).add(DisplayData.item("runId", commit.runId()));
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

    ToRow(Schema schema) {
      this.schema = schema;
      this.dates = new boolean[schema.getFieldCount()];
      Schema.Builder read = Schema.builder();
      for (int i = 0; i < schema.getFieldCount(); i++) {
        Schema.Field f = schema.getField(i);
        dates[i] = isDate(f.getType());
        read.addField(dates[i] ? Schema.Field.of(f.getName(), FieldType.DATETIME.withNullable(f.getType().getNullable())) : f);
      }
      this.readSchema = read.build();
    }

    private static boolean isDate(FieldType type) {
      return type.getTypeName() == Schema.TypeName.LOGICAL_TYPE
          && SqlTypes.DATE.getIdentifier().equals(type.getLogicalType().getIdentifier());
    }

    @Override
    public Row apply(GenericRecord record) {
      Row read = AvroUtils.toBeamRowStrict(record, readSchema);
      List<Object> values = new ArrayList<>(read.getValues());
      for (int i = 0; i < dates.length; i++) {
        if (dates[i] && values.get(i) != null) {
          long millis = ((ReadableInstant) values.get(i)).getMillis();
          values.set(i, LocalDate.ofEpochDay(Math.floorDiv(millis, 86_400_000L)));
        } else if (values.get(i) instanceof BigDecimal) {
          values.set(i, TableSchemas.readDecimal((BigDecimal) values.get(i)));
        }
      }
      return Row.withSchema(schema).attachValues(values);
    }
  }
}
