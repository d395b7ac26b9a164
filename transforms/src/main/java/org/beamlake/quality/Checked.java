package org.beamlake.quality;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A row on its way through the rules, with one slot per rule: {@code reasons.get(i)} is why the
 * row violates rule {@code i}, or null. Carrying the verdicts with the row lets every rule see
 * every row, and the actions be taken once, after the last rule.
 */
final class Checked {
  static final TypeDescriptor<KV<List<String>, KV<Long, Boolean>>> VERDICT_TYPE = TypeDescriptors.kvs(
      TypeDescriptors.lists(TypeDescriptors.strings()),
      TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.booleans()));

  private Checked() {}

  static Coder<KV<Row, List<String>>> coder(Schema schema) {
    return KvCoder.of(RowCoder.of(schema), stringsCoder());
  }

  /** For reasons and for keys (comparison forms of values); deterministic, so keys can be grouped on. */
  static Coder<List<String>> stringsCoder() {
    return ListCoder.of(NullableCoder.of(StringUtf8Coder.of()));
  }

  static Coder<KV<List<String>, KV<Row, List<String>>>> keyedCoder(Schema schema) {
    return KvCoder.of(stringsCoder(), coder(schema));
  }

  static Coder<KV<List<String>, Long>> countsCoder() {
    return KvCoder.of(stringsCoder(), VarLongCoder.of());
  }

  /** A key's verdict: how many rows have it, and whether they violate the rule. */
  static Coder<KV<List<String>, KV<Long, Boolean>>> verdictsCoder() {
    return KvCoder.of(stringsCoder(), KvCoder.of(VarLongCoder.of(), BooleanCoder.of()));
  }

  /** A copy of the checked row with rule {@code index}'s reason set; elements are never mutated. */
  static KV<Row, List<String>> withReason(KV<Row, List<String>> checked, int index, String reason) {
    List<String> reasons = new ArrayList<>(checked.getValue());
    reasons.set(index, reason);
    return KV.of(checked.getKey(), reasons);
  }
}
