package org.beamlake.quality;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Thrown when a row violates a rule whose action is {@link RuleAction#FAIL}: the bundle fails, so
 * the run fails and nothing is committed. The message names the rule, the row's source and why,
 * e.g. {@code rule not_null(REF_AREA) failed (action: fail) at a.csv:7: REF_AREA is null}.
 */
public class QualityRuleFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String rule;
  private final @Nullable String source;
  private final String reason;

  public QualityRuleFailed(String rule, @Nullable String source, String reason) {
    super("rule " + rule + " failed (action: " + RuleAction.FAIL.label() + ")"
        + (source == null ? "" : " at " + source) + ": " + reason);
    this.rule = rule;
    this.source = source;
    this.reason = reason;
  }

  /** The display name of the rule, e.g. {@code not_null(REF_AREA)}. */
  public String rule() {
    return rule;
  }

  /** Where the row came from ({@code <file>:<line>}), or null if it carries no lineage. */
  public @Nullable String source() {
    return source;
  }

  /** Why the row violates the rule, e.g. {@code REF_AREA is null}. */
  public String reason() {
    return reason;
  }
}
