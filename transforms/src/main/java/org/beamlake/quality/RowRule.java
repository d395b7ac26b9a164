package org.beamlake.quality;

import org.apache.beam.sdk.schemas.Schema;

/**
 * A rule decided by one row alone: {@link NotNull}, {@link InRange}, {@link AllowedValues} and
 * {@link MatchesRegex}. {@link CheckRules} evaluates all of them in a single pass over the rows.
 */
public abstract sealed class RowRule extends QualityRule
    permits NotNull, InRange, AllowedValues, MatchesRegex {

  RowRule(RuleAction action) {
    super(action);
  }

  @Override
  public abstract RowRule withAction(RuleAction action);

  /**
   * Validates the rule against the schema and returns its check, with every setting converted to
   * the column's type once, here, rather than for each row.
   */
  abstract RowCheck bind(Schema input);

  @Override
  final void validate(Schema input) {
    bind(input);
  }
}
