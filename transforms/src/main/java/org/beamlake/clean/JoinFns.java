package org.beamlake.clean;

import java.util.Iterator;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.StepCounts;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The DoFns of {@link JoinDatasets}; all decisions are {@link JoinPlan}'s. */
final class JoinFns {
  private JoinFns() {}

  /** Right rows by key, reduced to their non-key columns; rows with a null key match nothing. */
  static class KeyRight extends DoFn<Row, KV<String, Row>> {
    private final JoinPlan plan;

    KeyRight(JoinPlan plan) {
      this.plan = plan;
    }

    @ProcessElement
    public void process(@Element Row right, OutputReceiver<KV<String, Row>> out) {
      String key = plan.rightKey(right);
      if (key != null) {
        out.output(KV.of(key, plan.rightValues(right)));
      }
    }
  }

  /**
   * Left rows by key, to the main output; a row with a null key cannot match, so it is finished
   * here (to {@link RowResult#ROWS} for a left join) instead of joining one huge null group.
   * Counts every left row in, and where each finished row went.
   */
  static class KeyLeft extends DoFn<Row, KV<String, Row>> {
    private final JoinPlan plan;
    private transient StepCounts counts;

    KeyLeft(JoinPlan plan) {
      this.plan = plan;
    }

    @StartBundle
    public void startBundle() {
      counts = new StepCounts(JoinPlan.COUNTED);
    }

    @ProcessElement
    public void process(@Element Row left, BoundedWindow window, MultiOutputReceiver out) {
      counts.add(JoinPlan.IN, window);
      String key = plan.leftKey(left);
      if (key != null) {
        out.get(KEYED).output(KV.of(key, left));
        return;
      }
      Row unmatched = plan.unmatched(left);
      if (unmatched != null) {
        out.get(RowResult.ROWS).output(unmatched);
        counts.add(JoinPlan.ROWS, window);
      } else {
        counts.add(JoinPlan.DROPPED, window);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      counts.emit(context);
    }

    static final TupleTag<KV<String, Row>> KEYED = new TupleTag<KV<String, Row>>("keyed") {};
  }

  /**
   * Joins each left row with the right side held in memory as a side input, read once per bundle
   * and window: the DirectRunner builds the multimap anew on every read (a {@code @SideInput}
   * parameter reads it for every row), which made the join quadratic there.
   */
  static class Broadcast extends DoFn<Row, Row> {
    private final JoinPlan plan;
    private final PCollectionView<Map<String, Iterable<Row>>> rightByKey;
    private transient @Nullable BoundedWindow readFor;
    private transient @Nullable Map<String, Iterable<Row>> right;
    private transient StepCounts counts;

    Broadcast(JoinPlan plan, PCollectionView<Map<String, Iterable<Row>>> rightByKey) {
      this.plan = plan;
      this.rightByKey = rightByKey;
    }

    @StartBundle
    public void startBundle() {
      readFor = null;
      right = null;
      counts = new StepCounts(JoinPlan.COUNTED);
    }

    @ProcessElement
    public void process(ProcessContext context, BoundedWindow window, MultiOutputReceiver out) {
      if (right == null || !window.equals(readFor)) {
        right = context.sideInput(rightByKey);
        readFor = window;
      }
      Row left = context.element();
      String key = plan.leftKey(left);
      counts.add(JoinPlan.IN, window);
      counts.add(plan.emit(left, key == null ? null : right.get(key), out), window);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      counts.emit(context);
    }
  }

  /** Joins the left rows of one key with the right rows of that key. */
  static class Grouped extends DoFn<KV<String, CoGbkResult>, Row> {
    private final JoinPlan plan;
    private final TupleTag<Row> leftTag;
    private final TupleTag<Row> rightTag;
    private transient StepCounts counts;

    Grouped(JoinPlan plan, TupleTag<Row> leftTag, TupleTag<Row> rightTag) {
      this.plan = plan;
      this.leftTag = leftTag;
      this.rightTag = rightTag;
    }

    @StartBundle
    public void startBundle() {
      counts = new StepCounts(JoinPlan.COUNTED);
    }

    /** Counts where each left row went; {@link KeyLeft} counted it in. */
    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, BoundedWindow window, MultiOutputReceiver out) {
      Iterator<Row> matches = group.getValue().getAll(rightTag).iterator();
      Row first = matches.hasNext() ? matches.next() : null;
      int count = first == null ? 0 : 1 + JoinPlan.count(matches);
      for (Row left : group.getValue().getAll(leftTag)) {
        counts.add(plan.emit(left, first, count, out), window);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      counts.emit(context);
    }
  }
}
