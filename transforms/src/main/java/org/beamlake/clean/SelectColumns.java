package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Keeps the listed columns, in the listed order, and drops the others.
 *
 * <pre>{@code
 * PCollection<Row> narrow = rows.apply(SelectColumns.of(List.of("REF_AREA", "YEAR", "OBS_VALUE")));
 * }</pre>
 *
 * <p>Guarantees: one output row per input row, holding the listed columns in the listed order with
 * their types and values, followed by the lineage column, unchanged. A column the input does not
 * have fails at pipeline construction: {@code select: no column 'X'; columns are [A, B]}. Never
 * rejects a row.
 */
public final class SelectColumns extends PTransform<PCollection<Row>, PCollection<Row>> {
  static final String STEP = "select";

  private final List<String> columns;

  private SelectColumns(List<String> columns) {
    this.columns = columns;
  }

  /** Keeps these columns in this order; at least one, none twice, none reserved. */
  public static SelectColumns of(List<String> columns) {
    List<String> names = ColumnChecks.names(STEP, columns);
    checkArgument(!names.isEmpty(), "%s: select at least one column", STEP);
    return new SelectColumns(names);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> input) {
    Schema inputSchema = input.getSchema();
    ColumnChecks.requireColumns(STEP, inputSchema, columns);
    List<String> kept = new ArrayList<>(columns);
    kept.addAll(ColumnChecks.reservedFields(inputSchema));
    Schema.Builder output = Schema.builder();
    for (String name : kept) {
      output.addField(inputSchema.getField(name));
    }
    Schema outputSchema = output.build();
    return input
        .apply("SelectColumns", ParDo.of(ProjectRowsFn.byName(inputSchema, outputSchema, kept)))
        .setRowSchema(outputSchema);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(
        DisplayData.item("columns", String.join(", ", columns)).withLabel("Selected columns"));
  }
}
