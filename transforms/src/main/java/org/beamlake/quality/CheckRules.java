package org.beamlake.quality;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.beamlake.quarantine.RowResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Checks every row against all the rules and takes their actions.
 *
 * <p>Guarantees: each input row ends in exactly one of {@link RowResult#rows()} (it passed, or
 * violated only {@link RuleAction#WARN} rules) and {@link RowResult#rejects()} (one {@link
 * org.beamlake.quarantine.QuarantinedRecord} per row, step {@code rules}, rule and reason the names
 * and reasons of every {@link RuleAction#QUARANTINE} rule it violated, joined by {@code "; "} in
 * rule order). A violated {@link RuleAction#FAIL} rule throws {@link QualityRuleFailed}, failing
 * the run. Violations are counted in the {@code beamlake.rules} counters {@code <rule>.warned}
 * and {@code <rule>.quarantined}. Rows keep their schema. Deterministic, so safe to retry.
 *
 * <p>Row-local rules run in one {@code ParDo}; each {@link UniqueKey} and {@link Referential}
 * counts its keys and joins the verdicts back to the rows, in memory bounded by {@link
 * #withHotKeyRows} however skewed the keys. The rules are checked against the input schema when
 * applied: a missing column or a type that does not fit is an {@link IllegalArgumentException}
 * naming the rule.
 *
 * <pre>{@code
 * RowResult checked = rows.apply(CheckRules.of(List.of(
 *     NotNull.columns(List.of("REF_AREA")).withAction(RuleAction.FAIL),
 *     InRange.of("OBS_VALUE", 0, 100),
 *     UniqueKey.of(List.of("REF_AREA", "TIME_PERIOD")))));
 * }</pre>
 */
public final class CheckRules extends PTransform<PCollection<Row>, RowResult> {
  /** The default of {@link #withHotKeyRows}. */
  public static final long DEFAULT_HOT_KEY_ROWS = 10_000;

  private final List<QualityRule> rules;
  private final long hotKeyRows;

  private CheckRules(List<QualityRule> rules, long hotKeyRows) {
    this.rules = rules;
    this.hotKeyRows = hotKeyRows;
  }

  /** Checks the rules in the given order, which is the order of names and reasons in rejects. */
  public static CheckRules of(List<? extends QualityRule> rules) {
    checkArgument(rules != null && !rules.isEmpty(), "CheckRules needs at least one rule");
    checkArgument(rules.stream().allMatch(r -> r != null), "rules must not contain null, got %s", rules);
    return new CheckRules(List.copyOf(rules), DEFAULT_HOT_KEY_ROWS);
  }

  /**
   * How many rows a key of a {@link UniqueKey} or {@link Referential} rule may have before its
   * verdict reaches its rows through a side input rather than a join. This bounds memory both
   * ways: a join group holds at most this many rows (runners such as Spark hold a group in
   * memory), and the side input at most {@code rows / hotKeyRows} keys. Default {@value
   * #DEFAULT_HOT_KEY_ROWS}.
   */
  public CheckRules withHotKeyRows(long hotKeyRows) {
    checkArgument(hotKeyRows > 0, "hotKeyRows must be > 0, got %s", hotKeyRows);
    return new CheckRules(rules, hotKeyRows);
  }

  public List<QualityRule> rules() {
    return rules;
  }

  public long hotKeyRows() {
    return hotKeyRows;
  }

  @Override
  public RowResult expand(PCollection<Row> input) {
    checkArgument(input.hasSchema(), "CheckRules needs rows with a schema; use setRowSchema");
    Schema schema = input.getSchema();
    int n = rules.size();
    @Nullable RowCheck[] checks = new RowCheck[n];
    for (int i = 0; i < n; i++) {
      QualityRule rule = rules.get(i);
      if (rule instanceof RowRule rowRule) {
        checks[i] = rowRule.bind(schema);
      } else {
        rule.validate(schema);
      }
    }
    PCollection<KV<Row, List<String>>> checked = input
        .apply("CheckRows", ParDo.of(new CheckRowsFn(checks)))
        .setCoder(Checked.coder(schema));
    for (int i = 0; i < n; i++) {
      QualityRule rule = rules.get(i);
      if (rule instanceof UniqueKey unique) {
        checked = unique.markViolations(checked, i, schema, hotKeyRows);
      } else if (rule instanceof Referential reference) {
        checked = reference.markViolations(checked, i, schema, hotKeyRows);
      }
    }
    String[] names = rules.stream().map(QualityRule::name).toArray(String[]::new);
    RuleAction[] actions = rules.stream().map(QualityRule::action).toArray(RuleAction[]::new);
    PCollectionTuple decided = checked.apply("ApplyActions",
        ParDo.of(new ApplyActionsFn(names, actions)).withOutputTags(RowResult.ROWS, TupleTagList.of(RowResult.REJECTS)));
    decided.get(RowResult.ROWS).setRowSchema(schema);
    return RowResult.of(decided);
  }

  /** The referenced datasets are inputs too, though not the main one. */
  @Override
  public Map<TupleTag<?>, PValue> getAdditionalInputs() {
    Map<TupleTag<?>, PValue> inputs = new HashMap<>();
    for (QualityRule rule : rules) {
      if (rule instanceof Referential reference) {
        inputs.putAll(reference.other().expand());
      }
    }
    return inputs;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    for (int i = 0; i < rules.size(); i++) {
      builder.add(DisplayData.item("rule" + i, rules.get(i).toString()).withLabel("Rule " + (i + 1)));
    }
    builder.add(DisplayData.item("hotKeyRows", hotKeyRows).withLabel("Rows of a hot key"));
  }
}
