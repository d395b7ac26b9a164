package org.beamlake.quality;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.beamlake.schema.ColumnType;

/**
 * Refuses rows whose value is not one of a set. The values are converted to the column's type
 * with {@link ColumnType#convert} when the rule is applied, so {@code "7"} matches an {@code int}
 * column's 7, and numbers compare by value (1 and 1.0 are the same). Nulls pass: {@link NotNull}
 * refuses them.
 *
 * <p>Name {@code allowed_values(INDICATOR)}; reason {@code INDICATOR='X' is not one of [A, B]}
 * (the values in their natural order).
 *
 * <pre>{@code
 * AllowedValues.of("FREQ", Set.of("A", "Q", "M"))
 * }</pre>
 */
public final class AllowedValues extends RowRule {

  private final String column;
  private final Set<?> values;

  private AllowedValues(String column, Set<?> values, RuleAction action) {
    super(action);
    this.column = column;
    this.values = values;
  }

  /** A rule that the column's value is one of {@code values} (not empty, no nulls). */
  public static AllowedValues of(String column, Set<?> values) {
    String name = "allowed_values(" + checkColumn("allowed_values", column) + ")";
    checkArgument(values != null && !values.isEmpty(), "%s needs at least one value", name);
    checkArgument(values.stream().noneMatch(Objects::isNull),
        "%s: null is not a value; nulls pass, refuse them with not_null", name);
    return new AllowedValues(column, Set.copyOf(values), RuleAction.QUARANTINE);
  }

  @Override
  public AllowedValues withAction(RuleAction action) {
    return new AllowedValues(column, values, action);
  }

  public String column() {
    return column;
  }

  /** The allowed values as given. */
  public Set<?> values() {
    return values;
  }

  @Override
  public String name() {
    return "allowed_values(" + column + ")";
  }

  @Override
  RowCheck bind(Schema input) {
    ColumnType type = Values.columnType(name(), input, column);
    List<Object> converted = new ArrayList<>();
    for (Object value : values) {
      try {
        converted.add(type.convert(value));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name() + ": value " + Values.quoted(value)
            + " does not fit column " + column + ": " + e.getMessage(), e);
      }
    }
    HashSet<String> keys = converted.stream().map(Values::key).collect(Collectors.toCollection(HashSet::new));
    String shown = converted.stream().sorted(AllowedValues::natural).map(Values::plain)
        .distinct().collect(Collectors.joining(", ", "[", "]"));
    String col = column;
    return row -> {
      Object value = row.getValue(col);
      if (value == null || keys.contains(Values.key(value))) {
        return Optional.empty();
      }
      return Optional.of(col + "=" + Values.quoted(value) + " is not one of " + shown);
    };
  }

  @SuppressWarnings("unchecked")
  private static int natural(Object a, Object b) {
    // Converted to one column type, so the values are mutually comparable.
    return ((Comparable<Object>) a).compareTo(b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AllowedValues other && column.equals(other.column) && values.equals(other.values)
        && action() == other.action();
  }

  @Override
  public int hashCode() {
    return Objects.hash(column, values, action());
  }
}
