package org.beamlake.clean;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.RowStep;
import org.beamlake.quarantine.RowStepRun;
import org.beamlake.quarantine.StepCounts;

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
      counts = new StepCounts(RowStepRun.COUNTED);
    }

    @ProcessElement
    public void process(@Element Row left, BoundedWindow window, MultiOutputReceiver out) {
      counts.add(RowStepRun.IN, window);
      String key = plan.leftKey(left);
      if (key != null) {
        out.get(KEYED).output(KV.of(key, left));
        return;
      }
      Row unmatched = plan.unmatched(left);
      if (unmatched != null) {
        out.get(RowResult.ROWS).output(unmatched);
        counts.add(RowStepRun.ROWS, window);
      } else {
        counts.add(RowStepRun.DROPPED, window);
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
   * and window ({@code RowStepRun}): the DirectRunner builds the multimap anew on every read (a
   * {@code @SideInput} parameter reads it for every row), which made the join quadratic there.
   */
  static final class Broadcast implements RowStep {
    private static final long serialVersionUID = 1L;

    private final JoinPlan plan;
    private final PCollectionView<Map<String, Iterable<Row>>> rightByKey;

    Broadcast(JoinPlan plan, PCollectionView<Map<String, Iterable<Row>>> rightByKey) {
      this.plan = plan;
      this.rightByKey = rightByKey;
    }

    @Override
    public Schema outputSchema() {
      return plan.outputSchema();
    }

    @Override
    public List<PCollectionView<?>> sideInputs() {
      return List.of(rightByKey);
    }

    @Override
    public Bound bind(SideInputs sideInputs) {
      Map<String, Iterable<Row>> right = sideInputs.get(rightByKey);
      return (left, out) -> {
        String key = plan.leftKey(left);
        plan.emit(left, key == null ? null : right.get(key), out);
      };
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
      counts = new StepCounts(RowStepRun.COUNTED);
    }

    /** Counts where each left row went; {@link KeyLeft} counted it in. */
    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, BoundedWindow window, MultiOutputReceiver out) {
      Iterator<Row> matches = group.getValue().getAll(rightTag).iterator();
      Row first = matches.hasNext() ? matches.next() : null;
      int count = first == null ? 0 : 1 + JoinPlan.count(matches);
      Outputs outputs = new Outputs(out);
      for (Row left : group.getValue().getAll(leftTag)) {
        plan.emit(left, first, count, outputs);
        counts.add(outputs.last, window);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      counts.emit(context);
    }
  }

  /** A row's outcome to a DoFn's outputs, remembering which it was for the counts. */
  private static final class Outputs implements RowStep.Outcome {
    private final DoFn.MultiOutputReceiver out;
    private int last;

    Outputs(DoFn.MultiOutputReceiver out) {
      this.out = out;
    }

    @Override
    public void row(Row row) {
      out.get(RowResult.ROWS).output(row);
      last = RowStepRun.ROWS;
    }

    @Override
    public void reject(QuarantinedRecord reject) {
      out.get(RowResult.REJECTS).output(reject);
      last = RowStepRun.REJECTS;
    }

    @Override
    public void drop() {
      last = RowStepRun.DROPPED;
    }
  }
}
