package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Keeps the rows for which a Beam SQL boolean expression is TRUE.
 *
 * <pre>{@code
 * PCollection<Row> recent = rows.apply(
 *     FilterRows.where("TIME_PERIOD >= 2000 AND (OBS_VALUE IS NULL OR OBS_VALUE > 0)"));
 * }</pre>
 *
 * <p>The expression is what follows {@code WHERE} in {@code SELECT * FROM PCOLLECTION WHERE ...}:
 * column names are case-sensitive and may be quoted with backticks ({@code `Obs Value`}); dates
 * compare with literals such as {@code DATE '2020-01-31'}. Rows where it is FALSE or NULL are
 * dropped, not rejected: a filter is a choice, not a failure, and the caller counts what it
 * dropped.
 *
 * <p>Guarantees: the output schema equals the input schema exactly (names, order, types,
 * nullability, descriptions, lineage column last) and kept rows are unchanged. An invalid
 * expression fails when the pipeline is built, with Calcite's message and its line and column
 * within the expression.
 */
public final class FilterRows extends PTransform<PCollection<Row>, PCollection<Row>> {
  private final String condition;

  private FilterRows(String condition) {
    this.condition = condition;
  }

  /** Keeps the rows where {@code condition}, a Beam SQL boolean expression, is TRUE. */
  public static FilterRows where(String condition) {
    checkArgument(condition != null && !condition.isBlank(), "condition must not be blank, got %s", condition);
    return new FilterRows(condition);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> input) {
    checkArgument(input.hasSchema(), "FilterRows: the input has no schema; set one with setRowSchema");
    Schema schema = input.getSchema();
    // Parenthesised, so the expression cannot extend the query (a UNION, a second clause).
    StringBuilder query = new StringBuilder("SELECT * FROM PCOLLECTION WHERE (\n");
    SqlExpressions.Placed placed =
        new SqlExpressions.Placed("'" + condition + "'", condition, SqlExpressions.nextLine(query));
    query.append(condition).append("\n)");
    PCollection<Row> kept = SqlExpressions.apply(input, "FilterRows", query.toString(), List.of(placed));
    return SqlExpressions.withSchema(kept, schema, "FilterRows");
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("condition", condition).withLabel("Keep rows where"));
  }
}
