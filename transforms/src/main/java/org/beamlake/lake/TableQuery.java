package org.beamlake.lake;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.beamlake.schema.ColumnType;

/**
 * Equality filters and an order over the rows of a table read into memory ({@link TableReader}):
 * what the HTTP API's {@code ?REF_AREA=FRA&sort=-avg_val} and a report chart's {@code where} mean.
 *
 * <pre>{@code
 * TableReader.Table table = TableReader.readAll(lake.refined("stats_country_global"));
 * List<Row> rows = TableQuery.of(table.schema())
 *     .where("REF_AREA", List.of("AFG", "ALB"))   // any of the values
 *     .orderBy("avg_val", true)                   // descending
 *     .apply(table.rows());
 * }</pre>
 *
 * <p>Filter values are text parsed by the column's type ({@link ColumnType#parse}), so {@code 12}
 * matches a long 12 and {@code 2.50} a decimal 2.5; for any type but {@code string}, empty text
 * matches null. After the requested order, rows are ordered by every column in turn (nulls last),
 * so the result, and any page of it, is the same for the same table. Immutable.
 */
public final class TableQuery {
  private final Schema schema;
  private final Map<String, List<Object>> filters;
  private final List<Order> order;

  /** One sort key. */
  public record Order(String column, boolean descending) {}

  private TableQuery(Schema schema, Map<String, List<Object>> filters, List<Order> order) {
    this.schema = schema;
    this.filters = filters;
    this.order = order;
  }

  /** A query that keeps every row, over a table with this schema. */
  public static TableQuery of(Schema schema) {
    checkArgument(schema != null, "schema must not be null");
    return new TableQuery(schema, Map.of(), List.of());
  }

  /**
   * Keeps rows whose {@code column} equals one of {@code values}; a second call for the same column
   * replaces the first. Unknown columns and values that do not parse fail with a message naming
   * the column.
   */
  public TableQuery where(String column, List<String> values) {
    ColumnType type = type(column);
    checkArgument(values != null && !values.isEmpty(), "%s: give at least one value", column);
    List<Object> parsed = new ArrayList<>();
    for (String value : values) {
      try {
        parsed.add(type.parse(value));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(column + ": " + e.getMessage(), e);
      }
    }
    Map<String, List<Object>> more = new LinkedHashMap<>(filters);
    more.put(column, java.util.Collections.unmodifiableList(parsed)); // may hold null
    return new TableQuery(schema, more, order);
  }

  /** Orders by {@code column} after the orders given so far. */
  public TableQuery orderBy(String column, boolean descending) {
    type(column);
    List<Order> more = new ArrayList<>(order);
    more.add(new Order(column, descending));
    return new TableQuery(schema, filters, List.copyOf(more));
  }

  /** The matching rows, in order. */
  public List<Row> apply(List<Row> rows) {
    List<Row> out = new ArrayList<>();
    for (Row row : rows) {
      if (matches(row)) {
        out.add(row);
      }
    }
    Comparator<Row> by = null;
    List<Order> all = new ArrayList<>(order);
    schema.getFieldNames().forEach(name -> all.add(new Order(name, false)));
    for (Order o : all) {
      Comparator<Row> next = (a, b) -> compare(a.getValue(o.column()), b.getValue(o.column()), o.descending());
      by = by == null ? next : by.thenComparing(next);
    }
    if (by != null) {
      out.sort(by);
    }
    return out;
  }

  private boolean matches(Row row) {
    for (Map.Entry<String, List<Object>> filter : filters.entrySet()) {
      Object value = row.getValue(filter.getKey());
      if (filter.getValue().stream().noneMatch(wanted -> same(wanted, value))) {
        return false;
      }
    }
    return true;
  }

  private ColumnType type(String column) {
    checkArgument(column != null && schema.hasField(column), "no column '%s'; columns are %s", column,
        schema.getFieldNames());
    return ColumnType.of(schema.getField(column).getType());
  }

  private static boolean same(Object wanted, Object value) {
    if (wanted == null || value == null) {
      return wanted == value;
    }
    if (wanted instanceof BigDecimal && value instanceof BigDecimal) {
      return ((BigDecimal) wanted).compareTo((BigDecimal) value) == 0;
    }
    return wanted.equals(value);
  }

  /** Nulls last in both directions: a missing value is never the "largest" one. */
  @SuppressWarnings("unchecked")
  private static int compare(Object a, Object b, boolean descending) {
    if (a == null || b == null) {
      return a == b ? 0 : a == null ? 1 : -1;
    }
    int c = ((Comparable<Object>) a).compareTo(b);
    return descending ? -c : c;
  }
}
