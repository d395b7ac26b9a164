package org.beamlake.quality;

/**
 * What happens to a row that violates a {@link QualityRule}.
 *
 * <pre>{@code
 * NotNull.columns(List.of("REF_AREA")).withAction(RuleAction.FAIL);
 * }</pre>
 */
public enum RuleAction {
  /** The run fails with {@link QualityRuleFailed}, so nothing is committed. */
  FAIL,
  /** The row goes to the rejects, with the rule and the reason. The default. */
  QUARANTINE,
  /** The row is kept and the violation is counted in {@code beamlake.rules/<rule>.warned}. */
  WARN;

  /** The lower-case name used in messages, e.g. {@code fail}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
