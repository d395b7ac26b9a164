package org.beamlake.quality;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.HashSet;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;

/**
 * A data-quality rule: an immutable value with a stable display name (the {@code rule} of the
 * quarantine records it produces) and the {@link RuleAction} taken on a violating row.
 *
 * <p>Rules are either row-local ({@link RowRule}: decided by one row alone) or set-based
 * ({@link UniqueKey}, {@link Referential}: decided by grouping rows); {@link CheckRules} evaluates
 * both kinds so that each row meets every rule and is rejected at most once.
 *
 * <pre>{@code
 * List<QualityRule> rules = List.of(
 *     NotNull.columns(List.of("REF_AREA")),
 *     InRange.of("OBS_VALUE", 0, 100).withAction(RuleAction.WARN));
 * }</pre>
 */
public abstract sealed class QualityRule permits RowRule, UniqueKey, Referential {

  private final RuleAction action;

  QualityRule(RuleAction action) {
    checkArgument(action != null, "action must not be null");
    this.action = action;
  }

  /** The stable display name, e.g. {@code not_null(A, B)}; the rule of its quarantine records. */
  public abstract String name();

  /** What happens to a violating row; {@link RuleAction#QUARANTINE} unless set. */
  public final RuleAction action() {
    return action;
  }

  /** This rule with another action. */
  public abstract QualityRule withAction(RuleAction action);

  /**
   * Checks the rule against the schema of the rows it will see; throws an {@link
   * IllegalArgumentException} starting with the rule's name if a column is missing or its type
   * does not fit.
   */
  abstract void validate(Schema input);

  @Override
  public String toString() {
    return name() + " (action: " + action.label() + ")";
  }

  /** Checks a column list given to a factory and copies it. */
  static List<String> columnList(String rule, List<String> columns) {
    checkArgument(columns != null && !columns.isEmpty(), "%s needs at least one column", rule);
    checkArgument(columns.stream().allMatch(c -> c != null && !c.isBlank()),
        "%s: column names must not be empty, got %s", rule, columns);
    checkArgument(new HashSet<>(columns).size() == columns.size(),
        "%s: columns must not repeat, got %s", rule, columns);
    return List.copyOf(columns);
  }

  static String checkColumn(String rule, String column) {
    checkArgument(column != null && !column.isBlank(), "%s needs a column", rule);
    return column;
  }
}
