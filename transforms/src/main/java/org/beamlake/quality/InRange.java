package org.beamlake.quality;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.apache.beam.sdk.schemas.Schema;
import org.beamlake.schema.ColumnType;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Refuses rows whose value lies outside {@code [min, max]} (both inclusive). Either bound may be
 * null, leaving that side open. Bounds are numbers for numeric columns ({@code int}, {@code long},
 * {@code double}, {@code decimal}) and {@link LocalDate}s or ISO dates ({@code 2024-01-31}) for
 * {@code date} columns; numbers are compared by exact value whatever their Java type. Nulls pass:
 * {@link NotNull} refuses them.
 *
 * <p>Name {@code range(OBS_VALUE)}; reasons {@code OBS_VALUE=120.5 is above 100} and {@code
 * OBS_VALUE=-3.0 is below 0}.
 *
 * <pre>{@code
 * InRange.of("OBS_VALUE", 0, 100).withAction(RuleAction.WARN)
 * InRange.of("TIME_PERIOD", "2000-01-01", null)
 * }</pre>
 */
public final class InRange extends RowRule {

  private final String column;
  private final @Nullable Object min;
  private final @Nullable Object max;

  private InRange(String column, @Nullable Object min, @Nullable Object max, RuleAction action) {
    super(action);
    this.column = column;
    this.min = min;
    this.max = max;
  }

  /**
   * A rule that the column's value lies in {@code [min, max]}; a null bound is open. Both bounds
   * must be numbers, or both dates, and {@code min <= max}.
   */
  public static InRange of(String column, @Nullable Object min, @Nullable Object max) {
    String name = "range(" + checkColumn("range", column) + ")";
    Object lo = bound(name, "min", min);
    Object hi = bound(name, "max", max);
    checkArgument(lo != null || hi != null, "%s needs a min, a max or both", name);
    if (lo != null && hi != null) {
      checkArgument(lo instanceof LocalDate == hi instanceof LocalDate,
          "%s: min %s and max %s must both be numbers or both dates", name, Values.plain(lo), Values.plain(hi));
      checkArgument(compare(lo, hi) <= 0, "%s: min %s is above max %s", name, Values.plain(lo), Values.plain(hi));
    }
    return new InRange(column, lo, hi, RuleAction.QUARANTINE);
  }

  @Override
  public InRange withAction(RuleAction action) {
    return new InRange(column, min, max, action);
  }

  public String column() {
    return column;
  }

  /** The lower bound (a number or a {@link LocalDate}), or null if open. */
  public @Nullable Object min() {
    return min;
  }

  /** The upper bound (a number or a {@link LocalDate}), or null if open. */
  public @Nullable Object max() {
    return max;
  }

  @Override
  public String name() {
    return "range(" + column + ")";
  }

  @Override
  RowCheck bind(Schema input) {
    ColumnType type = Values.columnType(name(), input, column);
    boolean dates = type == ColumnType.DATE;
    checkArgument(dates || Values.isNumber(type),
        "%s: column %s is %s, expected a number or date", name(), column, type.typeName());
    checkFits("min", min, type, dates);
    checkFits("max", max, type, dates);
    Comparable<?> lo = dates || min == null ? (Comparable<?>) min : Values.decimal((Number) min);
    Comparable<?> hi = dates || max == null ? (Comparable<?>) max : Values.decimal((Number) max);
    String shownMin = Values.plain(min);
    String shownMax = Values.plain(max);
    String col = column;
    return row -> {
      Object value = row.getValue(col);
      if (value == null) {
        return Optional.empty();
      }
      Object comparable = dates ? value : Values.decimal((Number) value);
      if (comparable == null) {
        return Optional.of(col + "=" + value + " is not a number");
      }
      if (lo != null && compare(comparable, lo) < 0) {
        return Optional.of(col + "=" + Values.plain(value) + " is below " + shownMin);
      }
      if (hi != null && compare(comparable, hi) > 0) {
        return Optional.of(col + "=" + Values.plain(value) + " is above " + shownMax);
      }
      return Optional.empty();
    };
  }

  private void checkFits(String which, @Nullable Object bound, ColumnType type, boolean dates) {
    if (bound != null) {
      checkArgument(dates == bound instanceof LocalDate, "%s: column %s is %s, %s %s is not a %s",
          name(), column, type.typeName(), which, Values.plain(bound), dates ? "date" : "number");
    }
  }

  private static @Nullable Object bound(String name, String which, @Nullable Object bound) {
    if (bound == null || bound instanceof LocalDate) {
      return bound;
    }
    if (bound instanceof Number) {
      checkArgument(Values.decimal((Number) bound) != null, "%s: %s must be a finite number, got %s",
          name, which, bound);
      return bound;
    }
    if (bound instanceof String) {
      try {
        return LocalDate.parse(((String) bound).trim());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            name + ": " + which + " '" + bound + "' is not an ISO date (yyyy-mm-dd)", e);
      }
    }
    throw new IllegalArgumentException(name + ": " + which + " must be a number or a date, got "
        + bound.getClass().getSimpleName() + " " + bound);
  }

  @SuppressWarnings("unchecked")
  private static int compare(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      BigDecimal x = Values.decimal((Number) a);
      BigDecimal y = Values.decimal((Number) b);
      return x.compareTo(y);
    }
    return ((Comparable<Object>) a).compareTo(b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InRange other && column.equals(other.column) && Objects.equals(min, other.min)
        && Objects.equals(max, other.max) && action() == other.action();
  }

  @Override
  public int hashCode() {
    return Objects.hash(column, min, max, action());
  }
}
