package org.beamlake.quality;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.beam.sdk.schemas.Schema;
import org.beamlake.schema.ColumnType;

/**
 * Refuses rows whose value does not match a regular expression as a whole ({@link
 * java.util.regex.Matcher#matches}). Only for {@code string} columns. Nulls pass: {@link NotNull}
 * refuses them.
 *
 * <p>Name {@code regex(REF_AREA)}; reason {@code REF_AREA='usa' does not match ^[A-Z]{3}$}.
 *
 * <pre>{@code
 * MatchesRegex.of("REF_AREA", "^[A-Z]{3}$")
 * }</pre>
 */
public final class MatchesRegex extends RowRule {

  private final String column;
  private final Pattern pattern;

  private MatchesRegex(String column, Pattern pattern, RuleAction action) {
    super(action);
    this.column = column;
    this.pattern = pattern;
  }

  /**
   * A rule that the whole value matches {@code regex}.
   *
   * @throws IllegalArgumentException if the pattern does not compile
   */
  public static MatchesRegex of(String column, String regex) {
    String name = "regex(" + checkColumn("regex", column) + ")";
    checkArgument(regex != null && !regex.isEmpty(), "%s needs a pattern", name);
    try {
      return new MatchesRegex(column, Pattern.compile(regex), RuleAction.QUARANTINE);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          name + ": invalid pattern " + regex + ": " + e.getDescription() + " near index " + e.getIndex(), e);
    }
  }

  @Override
  public MatchesRegex withAction(RuleAction action) {
    return new MatchesRegex(column, pattern, action);
  }

  public String column() {
    return column;
  }

  public String regex() {
    return pattern.pattern();
  }

  @Override
  public String name() {
    return "regex(" + column + ")";
  }

  @Override
  RowCheck bind(Schema input) {
    ColumnType type = Values.columnType(name(), input, column);
    checkArgument(type == ColumnType.STRING,
        "%s: column %s is %s, expected a string", name(), column, type.typeName());
    Pattern compiled = pattern;
    String col = column;
    return row -> {
      Object raw = row.getValue(col);
      String value = raw == null ? null : raw.toString();
      if (value == null || compiled.matcher(value).matches()) {
        return Optional.empty();
      }
      return Optional.of(col + "='" + value + "' does not match " + compiled.pattern());
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MatchesRegex other && column.equals(other.column)
        && regex().equals(other.regex()) && action() == other.action();
  }

  @Override
  public int hashCode() {
    return Objects.hash(column, regex(), action());
  }
}
