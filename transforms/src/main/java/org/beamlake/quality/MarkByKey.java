package org.beamlake.quality;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Hands each row its key's verdict without ever holding all rows of a key together, which the
 * Spark and Flink runners would do (their grouped values can be iterated only once, so a
 * {@code CoGroupByKey} materialises them): rows of a hot key (more rows than a threshold) learn
 * their verdict from a side input, which holds at most {@code rows / threshold} keys; rows of the
 * other keys are joined with the violating keys, in groups of at most {@code threshold} rows.
 */
final class MarkByKey {
  static final TupleTag<KV<Row, List<String>>> DECIDED = new TupleTag<>("decided") {};
  static final TupleTag<KV<List<String>, KV<Row, List<String>>>> COLD = new TupleTag<>("cold") {};
  static final TupleTag<KV<Row, List<String>>> ROWS = new TupleTag<>("rows") {};
  static final TupleTag<Long> VIOLATION = new TupleTag<>("violation") {};

  /** The reason a row violates the rule, given the number of rows with its key. */
  @FunctionalInterface
  interface Reason extends Serializable {
    String of(Row row, long count);
  }

  private MarkByKey() {}

  /**
   * Sets rule {@code index}'s reason on every keyed row whose key's verdict is a violation.
   *
   * @param verdicts every key of the rows, with its row count and whether it violates
   */
  static PCollection<KV<Row, List<String>>> mark(String step,
      PCollection<KV<List<String>, KV<Row, List<String>>>> keyedRows,
      PCollection<KV<List<String>, KV<Long, Boolean>>> verdicts,
      Reason reason, int index, long hotKeyRows, Schema schema) {
    PCollectionView<Map<List<String>, KV<Long, Boolean>>> hotKeys = verdicts
        .apply(step + "/HotKeys", Filter.by(v -> v.getValue().getKey() > hotKeyRows))
        .setCoder(Checked.verdictsCoder())
        .apply(step + "/HotKeyView", View.asMap());
    PCollection<KV<List<String>, Long>> coldViolations = verdicts
        .apply(step + "/ColdViolations",
            Filter.by(v -> v.getValue().getKey() <= hotKeyRows && v.getValue().getValue()))
        .apply(step + "/ColdCounts", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.lists(TypeDescriptors.strings()), TypeDescriptors.longs()))
            .via(v -> KV.of(v.getKey(), v.getValue().getKey())))
        .setCoder(Checked.countsCoder());
    PCollectionTuple split = keyedRows.apply(step + "/DecideHotKeys",
        ParDo.of(new DecideHotKeysFn(hotKeys, reason, index))
            .withSideInputs(hotKeys)
            .withOutputTags(DECIDED, TupleTagList.of(COLD)));
    PCollection<KV<Row, List<String>>> joined = KeyedPCollectionTuple
        .of(ROWS, split.get(COLD).setCoder(Checked.keyedCoder(schema)))
        .and(VIOLATION, coldViolations)
        .apply(step + "/JoinColdKeys", CoGroupByKey.create())
        .apply(step + "/MarkColdKeys", ParDo.of(new MarkColdKeysFn(reason, index)))
        .setCoder(Checked.coder(schema));
    return PCollectionList.of(split.get(DECIDED).setCoder(Checked.coder(schema)))
        .and(joined)
        .apply(step + "/Merge", Flatten.pCollections())
        .setCoder(Checked.coder(schema));
  }

  static class DecideHotKeysFn
      extends DoFn<KV<List<String>, KV<Row, List<String>>>, KV<Row, List<String>>> {
    private final PCollectionView<Map<List<String>, KV<Long, Boolean>>> hotKeys;
    private final Reason reason;
    private final int index;

    DecideHotKeysFn(PCollectionView<Map<List<String>, KV<Long, Boolean>>> hotKeys, Reason reason, int index) {
      this.hotKeys = hotKeys;
      this.reason = reason;
      this.index = index;
    }

    @ProcessElement
    public void process(@Element KV<List<String>, KV<Row, List<String>>> keyed, ProcessContext c) {
      KV<Long, Boolean> verdict = c.sideInput(hotKeys).get(keyed.getKey());
      KV<Row, List<String>> checked = keyed.getValue();
      if (verdict == null) {
        c.output(COLD, keyed);
      } else if (verdict.getValue()) {
        c.output(Checked.withReason(checked, index, reason.of(checked.getKey(), verdict.getKey())));
      } else {
        c.output(checked);
      }
    }
  }

  static class MarkColdKeysFn extends DoFn<KV<List<String>, CoGbkResult>, KV<Row, List<String>>> {
    private final Reason reason;
    private final int index;

    MarkColdKeysFn(Reason reason, int index) {
      this.reason = reason;
      this.index = index;
    }

    @ProcessElement
    public void process(@Element KV<List<String>, CoGbkResult> group, OutputReceiver<KV<Row, List<String>>> out) {
      Long violation = group.getValue().getOnly(VIOLATION, null);
      for (KV<Row, List<String>> checked : group.getValue().getAll(ROWS)) {
        out.output(violation == null
            ? checked
            : Checked.withReason(checked, index, reason.of(checked.getKey(), violation)));
      }
    }
  }
}
