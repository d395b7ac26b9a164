package org.beamlake.quality;

import java.util.List;
import java.util.StringJoiner;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;

/**
 * Takes the actions for a row once all rules have judged it: fails the run on the first violated
 * FAIL rule, otherwise counts WARN and QUARANTINE violations and emits the row, or one reject
 * listing every QUARANTINE rule it violated, in rule order.
 */
class ApplyActionsFn extends DoFn<KV<Row, List<String>>, Row> {
  static final String NAMESPACE = "beamlake.rules";
  static final String STEP = "rules";

  private final String[] names;
  private final RuleAction[] actions;
  private transient Counter[] counters;

  ApplyActionsFn(String[] names, RuleAction[] actions) {
    this.names = names.clone();
    this.actions = actions.clone();
  }

  @Setup
  public void setup() {
    counters = new Counter[names.length];
    for (int i = 0; i < names.length; i++) {
      String suffix = actions[i] == RuleAction.WARN ? ".warned" : ".quarantined";
      counters[i] = Metrics.counter(NAMESPACE, names[i] + suffix);
    }
  }

  @ProcessElement
  public void process(@Element KV<Row, List<String>> checked, MultiOutputReceiver out) {
    Row row = checked.getKey();
    List<String> reasons = checked.getValue();
    for (int i = 0; i < names.length; i++) {
      if (reasons.get(i) != null && actions[i] == RuleAction.FAIL) {
        throw new QualityRuleFailed(names[i], Lineage.of(row), reasons.get(i));
      }
    }
    StringJoiner rules = new StringJoiner("; ");
    StringJoiner why = new StringJoiner("; ");
    for (int i = 0; i < names.length; i++) {
      if (reasons.get(i) == null) {
        continue;
      }
      counters[i].inc();
      if (actions[i] == RuleAction.QUARANTINE) {
        rules.add(names[i]);
        why.add(reasons.get(i));
      }
    }
    if (rules.length() == 0) {
      out.get(RowResult.ROWS).output(row);
    } else {
      out.get(RowResult.REJECTS).output(QuarantinedRecord.ofRow(STEP, rules.toString(), why.toString(), row));
    }
  }
}
