package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.beamlake.schema.Rows;

/**
 * Removes leading and trailing whitespace from string values.
 *
 * <pre>{@code
 * PCollection<Row> trimmed = rows.apply(TrimStrings.allColumns().withEmptyAsNull(true));
 * PCollection<Row> some = rows.apply(TrimStrings.columns(List.of("REF_AREA", "UNIT")));
 * }</pre>
 *
 * <p>Guarantees: one output row per input row; only string values of the chosen columns change.
 * Whitespace is what {@link String#strip()} removes ({@link Character#isWhitespace}: spaces, tabs,
 * line breaks, Unicode spaces, but not the no-break space). With {@code withEmptyAsNull(true)} a
 * value that is empty after trimming becomes null, and the chosen columns become nullable. {@link
 * #allColumns()} trims every user string column and never the lineage; {@link #columns} fails at
 * pipeline construction for a missing column ({@code trim: no column 'X'; columns are [A, B]}) or a
 * column that is not a string ({@code trim: column 'YEAR' is int, not string}). Idempotent. Never
 * rejects a row.
 */
public final class TrimStrings extends PTransform<PCollection<Row>, PCollection<Row>> {
  static final String STEP = "trim";

  /** The columns to trim; null for every user string column. */
  private final @Nullable List<String> columns;

  private final boolean emptyAsNull;

  private TrimStrings(@Nullable List<String> columns, boolean emptyAsNull) {
    this.columns = columns;
    this.emptyAsNull = emptyAsNull;
  }

  /** Trims every user string column; empty strings stay empty. */
  public static TrimStrings allColumns() {
    return new TrimStrings(null, false);
  }

  /** Trims these string columns; at least one, none twice, none reserved. */
  public static TrimStrings columns(List<String> columns) {
    List<String> names = ColumnChecks.names(STEP, columns);
    checkArgument(!names.isEmpty(), "%s: name at least one column (or use allColumns())", STEP);
    return new TrimStrings(names, false);
  }

  /** Whether a value that is empty after trimming becomes null (default false). */
  public TrimStrings withEmptyAsNull(boolean emptyAsNull) {
    return new TrimStrings(columns, emptyAsNull);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> input) {
    Schema inputSchema = input.getSchema();
    List<String> chosen = columns == null ? stringColumns(inputSchema) : columns;
    ColumnChecks.requireColumns(STEP, inputSchema, chosen);
    boolean[] trim = new boolean[inputSchema.getFieldCount()];
    for (String name : chosen) {
      Schema.FieldType type = inputSchema.getField(name).getType();
      if (type.getTypeName() != TypeName.STRING) {
        throw new IllegalArgumentException(
            STEP + ": column '" + name + "' is " + ColumnChecks.describe(type) + ", not string");
      }
      trim[inputSchema.indexOf(name)] = true;
    }
    Schema.Builder output = Schema.builder();
    for (int i = 0; i < trim.length; i++) {
      Schema.Field field = inputSchema.getField(i);
      output.addField(trim[i] && emptyAsNull ? field.withNullable(true) : field);
    }
    Schema outputSchema = output.build();
    return input
        .apply(
            "TrimStrings",
            ParDo.of(
                new TrimFn(outputSchema, trim, emptyAsNull, !outputSchema.equals(inputSchema))))
        .setRowSchema(outputSchema);
  }

  private static List<String> stringColumns(Schema schema) {
    List<String> names = new ArrayList<>();
    for (String name : Lineage.userFields(schema)) {
      if (schema.getField(name).getType().getTypeName() == TypeName.STRING) {
        names.add(name);
      }
    }
    return names;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(
            DisplayData.item(
                    "columns", columns == null ? "all string columns" : String.join(", ", columns))
                .withLabel("Trimmed columns"))
        .add(DisplayData.item("emptyAsNull", emptyAsNull).withLabel("Empty strings become null"));
  }

  /** Strips the chosen string values; rows with nothing to change pass as they are. */
  static class TrimFn extends DoFn<Row, Row> {
    private final Schema outputSchema;
    private final boolean[] trim;
    private final boolean emptyAsNull;
    private final boolean schemaChanged;

    TrimFn(Schema outputSchema, boolean[] trim, boolean emptyAsNull, boolean schemaChanged) {
      this.outputSchema = outputSchema;
      this.trim = trim.clone();
      this.emptyAsNull = emptyAsNull;
      this.schemaChanged = schemaChanged;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      List<Object> values = new ArrayList<>(trim.length);
      boolean changed = false;
      for (int i = 0; i < trim.length; i++) {
        Object value = row.getValue(i);
        if (trim[i] && value != null) {
          String text = ((String) value).strip();
          Object trimmed = emptyAsNull && text.isEmpty() ? null : text;
          changed |= !value.equals(trimmed);
          value = trimmed;
        }
        values.add(value);
      }
      boolean rebuild = changed || schemaChanged;
      out.output(rebuild ? Rows.of(outputSchema, values) : row);
    }
  }
}
