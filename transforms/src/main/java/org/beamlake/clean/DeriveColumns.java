package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;

/**
 * Adds columns computed by Beam SQL expressions over the row, or replaces columns in place.
 *
 * <pre>{@code
 * Map<String, String> columns = new LinkedHashMap<>();
 * columns.put("DECADE", "TIME_PERIOD / 10 * 10");
 * columns.put("NAME", "UPPER(NAME)");          // replaces NAME where it stands
 * columns.put("LABEL", "NAME || ' ' || CAST(DECADE AS VARCHAR)");  // sees DECADE and the new NAME
 * PCollection<Row> derived = rows.apply(DeriveColumns.of(columns));
 * }</pre>
 *
 * <p>Columns are derived in the map's iteration order (use a {@code LinkedHashMap}), and each
 * expression sees the columns as the ones before it left them. A new column goes after the user
 * columns (and after columns derived before it), before the lineage column; a replaced column
 * keeps its position. Column names are case-sensitive and may be quoted with backticks.
 *
 * <p>Guarantees: every input row gives exactly one output row. Columns not derived keep their
 * values and their exact field (type, nullability, description); lineage is unchanged and last.
 * A derived column has the type Beam SQL infers for its expression, made nullable. An invalid
 * expression fails when the pipeline is built, naming the column, with Calcite's message and its
 * line and column within that expression. An expression that fails at run time (a division by
 * zero) fails the bundle: it is a bug in the expression, not bad data.
 */
public final class DeriveColumns extends PTransform<PCollection<Row>, PCollection<Row>> {
  private final Map<String, String> expressions;

  private DeriveColumns(Map<String, String> expressions) {
    this.expressions = expressions;
  }

  /** Derives each column (key) from its Beam SQL expression (value), in iteration order. */
  public static DeriveColumns of(Map<String, String> columnToSqlExpression) {
    checkArgument(
        columnToSqlExpression != null && !columnToSqlExpression.isEmpty(),
        "columnToSqlExpression must name at least one column, got %s", columnToSqlExpression);
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : columnToSqlExpression.entrySet()) {
      String column = entry.getKey();
      String expression = entry.getValue();
      checkArgument(column != null && !column.isBlank(), "column names must not be blank, got %s", column);
      checkArgument(!Lineage.isReserved(column), "cannot derive reserved column %s", column);
      checkArgument(
          expression != null && !expression.isBlank(),
          "expression for column %s must not be blank, got %s", column, expression);
      copy.put(column, expression);
    }
    return new DeriveColumns(Collections.unmodifiableMap(copy));
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> input) {
    checkArgument(input.hasSchema(), "DeriveColumns: the input has no schema; set one with setRowSchema");
    Schema schema = input.getSchema();
    List<String> columns = new ArrayList<>(schema.getFieldNames());
    int userCount = Lineage.userFields(schema).size();
    List<SqlExpressions.Placed> placed = new ArrayList<>();
    StringBuilder query = new StringBuilder("WITH ");
    String from = "PCOLLECTION";
    int step = 0;
    for (Map.Entry<String, String> entry : expressions.entrySet()) {
      String target = entry.getKey();
      if (!columns.contains(target)) {
        columns.add(userCount++, target);
      }
      String stepName = SqlExpressions.quote("__bl_derive_" + ++step);
      query.append(step > 1 ? ",\n" : "").append(stepName).append(" AS (SELECT ");
      for (int i = 0; i < columns.size(); i++) {
        String column = columns.get(i);
        query.append(i > 0 ? ", " : "");
        if (column.equals(target)) {
          query.append("(\n");
          placed.add(new SqlExpressions.Placed(
              "for '" + target + "' ('" + entry.getValue() + "')",
              entry.getValue(), SqlExpressions.nextLine(query)));
          query.append(entry.getValue()).append("\n)").append(" AS ");
        }
        query.append(SqlExpressions.quote(column));
      }
      query.append(" FROM ").append(from).append(")");
      from = stepName;
    }
    query.append("\nSELECT * FROM ").append(from);
    PCollection<Row> derived = SqlExpressions.apply(input, "DeriveColumns", query.toString(), placed);
    return SqlExpressions.withSchema(derived, outputSchema(schema, derived.getSchema()), "DeriveColumns");
  }

  /** Fields not derived as they were; derived fields as Beam SQL typed them, nullable. */
  private Schema outputSchema(Schema input, Schema fromSql) {
    Set<String> derived = new HashSet<>(expressions.keySet());
    Schema.Builder builder = Schema.builder();
    for (Schema.Field field : fromSql.getFields()) {
      String name = field.getName();
      builder.addField(
          derived.contains(name) || !input.hasField(name)
              ? Schema.Field.nullable(name, field.getType())
              : input.getField(name));
    }
    return builder.build();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("columns", expressions.toString()).withLabel("Derived columns"));
  }
}
