package org.beamlake.quality;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/**
 * A row on its way through the rules, with one slot per rule: {@code reasons.get(i)} is why the
 * row violates rule {@code i}, or null. Carrying the verdicts with the row lets every rule see
 * every row, and the actions be taken once, after the last rule.
 */
final class Checked {
  private Checked() {}

  static Coder<KV<Row, List<String>>> coder(Schema schema) {
    return KvCoder.of(RowCoder.of(schema), reasonsCoder());
  }

  /** Deterministic, so that lists of key values can be grouped on. */
  static Coder<List<String>> reasonsCoder() {
    return ListCoder.of(NullableCoder.of(StringUtf8Coder.of()));
  }

  /** A copy of the checked row with rule {@code index}'s reason set; elements are never mutated. */
  static KV<Row, List<String>> withReason(KV<Row, List<String>> checked, int index, String reason) {
    List<String> reasons = new ArrayList<>(checked.getValue());
    reasons.set(index, reason);
    return KV.of(checked.getKey(), reasons);
  }
}
