package org.beamlake.clean;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.EquivalenceNullablePolicy;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Runs a query built around user expressions with Beam SQL, and reports an invalid expression
 * with Calcite's message, its positions made relative to the expression itself.
 *
 * <p>Each expression is placed on lines of its own, starting at column 1, so that Calcite's
 * {@code line L, column C} maps back to the expression by shifting the line only.
 */
final class SqlExpressions {
  private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

  /** Where a user expression sits in a generated query, and how errors name it. */
  record Placed(String label, String expression, int firstLine) {
    int lineCount() {
      return expression.split("\n", -1).length;
    }

    int lastLineLength() {
      String[] lines = expression.split("\n", -1);
      return lines[lines.length - 1].length();
    }
  }

  private SqlExpressions() {}

  /** A column name as a Beam SQL identifier: always quoted, so keywords and spaces work. */
  static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  /** The number of the line that the next appended character will be on. */
  static int nextLine(CharSequence query) {
    return 1 + (int) query.chars().filter(c -> c == '\n').count();
  }

  /** Applies the query to {@code input} as {@code PCOLLECTION}; an invalid query fails here. */
  static PCollection<Row> apply(PCollection<Row> input, String owner, String query, List<Placed> placed) {
    try {
      return input.apply("Sql", SqlTransform.query(query));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(explain(owner, query, placed, e), e);
    }
  }

  /**
   * The rows with {@code target} as their schema. Beam SQL drops field descriptions and options
   * and infers its own nullability; values come back as the same Java types, so when the schemas
   * differ only in that, re-attaching the values is enough. Otherwise this fails: Beam SQL changed
   * a column, which the caller did not expect.
   */
  static PCollection<Row> withSchema(PCollection<Row> rows, Schema target, String owner) {
    Schema actual = rows.getSchema();
    if (actual.equals(target)) {
      return rows;
    }
    boolean sameColumns = actual.getFieldNames().equals(target.getFieldNames());
    for (int i = 0; sameColumns && i < target.getFieldCount(); i++) {
      sameColumns = actual.getField(i).getType().equivalent(
          target.getField(i).getType(), EquivalenceNullablePolicy.IGNORE);
    }
    if (!sameColumns) {
      throw new IllegalStateException(
          owner + ": Beam SQL returned schema " + actual + " where " + target + " was expected");
    }
    return rows.apply("RestoreSchema", MapElements.via(new AttachSchema(target))).setRowSchema(target);
  }

  static String explain(String owner, String query, List<Placed> placed, RuntimeException e) {
    String message = calciteMessage(e);
    for (Placed p : placed) {
      Matcher position = POSITION.matcher(message);
      while (position.find()) {
        int line = Integer.parseInt(position.group(1));
        if (line >= p.firstLine() && line <= p.firstLine() + p.lineCount()) {
          return owner + ": invalid expression " + p.label() + ": " + relativeTo(p, message);
        }
      }
    }
    return owner + ": invalid query: " + message + "\nin generated query:\n" + query;
  }

  /** The first line of the deepest message that has a position, else of the deepest message. */
  private static String calciteMessage(Throwable e) {
    String found = null;
    String deepest = String.valueOf(e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        deepest = t.getMessage();
        if (POSITION.matcher(deepest).find()) {
          found = deepest;
        }
      }
    }
    String message = found != null ? found : deepest;
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).trim();
  }

  /**
   * Shifts positions to the expression. A position before it (an opening parenthesis) becomes its
   * start; one after it (the closing line) becomes its end: inclusive for the end of a range
   * ({@code to line L, column C}), just past the last character otherwise (an unexpected end).
   */
  private static String relativeTo(Placed p, String message) {
    Matcher m = POSITION.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int line = Integer.parseInt(m.group(1)) - p.firstLine() + 1;
      int column = Integer.parseInt(m.group(2));
      if (line < 1) {
        line = 1;
        column = 1;
      } else if (line > p.lineCount()) {
        boolean endOfRange = message.startsWith("to ", Math.max(0, m.start() - 3));
        line = p.lineCount();
        column = p.lastLineLength() + (endOfRange ? 0 : 1);
      }
      m.appendReplacement(out, "line " + line + ", column " + column);
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Re-attaches a row's values to an equivalent schema (no copying, no conversion). */
  static class AttachSchema extends SimpleFunction<Row, Row> {
    private final Schema schema;

    AttachSchema(Schema schema) {
      this.schema = schema;
    }

    @Override
    public Row apply(Row row) {
      return Row.withSchema(schema).attachValues(row.getValues());
    }
  }
}
