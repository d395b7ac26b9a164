package org.beamlake.quality;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.schema.ColumnType;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Column look-ups that explain themselves, and the display and comparison forms of values. */
final class Values {
  private Values() {}

  /** Throws an exception naming the rule and the columns there are if the column is missing. */
  static void requireColumn(String rule, Schema schema, String column) {
    if (!schema.hasField(column)) {
      throw new IllegalArgumentException(
          rule + ": no column '" + column + "'; columns are " + Lineage.userFields(schema));
    }
  }

  /** The column's type, or an exception naming the rule and what is wrong with the column. */
  static ColumnType columnType(String rule, Schema schema, String column) {
    requireColumn(rule, schema, column);
    try {
      return ColumnType.of(schema.getField(column).getType());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(rule + ": column " + column + " has an " + e.getMessage(), e);
    }
  }

  static boolean isNumber(ColumnType type) {
    return type == ColumnType.INT || type == ColumnType.LONG
        || type == ColumnType.DOUBLE || type == ColumnType.DECIMAL;
  }

  /** A value as a reason shows it: text in single quotes, numbers plain. */
  static String quoted(@Nullable Object value) {
    return value instanceof String ? "'" + value + "'" : plain(value);
  }

  /** A value as written: {@code 120.5}, {@code 2024-01-31}, {@code usa}, {@code null}. */
  static String plain(@Nullable Object value) {
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    return String.valueOf(value);
  }

  /**
   * The form in which values are compared for equality: numbers by numeric value whatever their
   * type (42, 42L and 42.0 are equal), everything else by its text. Null stays null.
   */
  static @Nullable String key(@Nullable Object value) {
    if (value instanceof Number) {
      BigDecimal d = decimal((Number) value);
      return d == null ? value.toString() : d.stripTrailingZeros().toPlainString();
    }
    return value == null ? null : value.toString();
  }

  /** The exact value of a number, or null for NaN and infinities. */
  static @Nullable BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal) {
      return (BigDecimal) n;
    }
    if (n instanceof BigInteger) {
      return new BigDecimal((BigInteger) n);
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      // Via the shortest decimal text, so 0.1 compares as 0.1, not as its binary expansion.
      return Double.isFinite(d) ? new BigDecimal(n.toString()) : null;
    }
    return BigDecimal.valueOf(n.longValue());
  }

  /** The comparison keys of the row's values in the given columns. */
  static List<@Nullable String> keys(Row row, List<String> columns) {
    return columns.stream().map(c -> key(row.getValue(c))).collect(Collectors.toList());
  }

  /** Column names as rule names list them: {@code A, B}. */
  static String names(List<String> columns) {
    return String.join(", ", columns);
  }
}
