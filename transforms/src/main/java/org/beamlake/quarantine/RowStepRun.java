package org.beamlake.quarantine;

import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One bundle's run of a {@link RowStep} inside a DoFn: binds the step once per window (reading its
 * side inputs once, not per row), checks that each row has exactly one outcome, and counts them
 * ({@link StepCounts}, emitted by {@link #emitCounts}).
 *
 * <pre>{@code
 * @StartBundle public void start() { run = new RowStepRun(step); }
 * @ProcessElement public void process(ProcessContext c, BoundedWindow w, MultiOutputReceiver out) {
 *   run.apply(c.element(), w, RowStepRun.sideInputs(c), writer::write, out.get(RowResult.REJECTS)::output);
 * }
 * @FinishBundle public void finish(FinishBundleContext c) { run.emitCounts(c); }
 * }</pre>
 */
public final class RowStepRun {
  /** What a run of a step counts ({@link StepCounts}), in this order: the indexes below. */
  public static final List<String> COUNTED = List.of(StepCounts.IN, StepCounts.ROWS, StepCounts.REJECTS, StepCounts.DROPPED);

  public static final int IN = 0;
  public static final int ROWS = 1;
  public static final int REJECTS = 2;
  public static final int DROPPED = 3;

  private final RowStep step;
  private final StepCounts counts = new StepCounts(COUNTED);
  private final Counting outcome = new Counting();
  private @Nullable BoundedWindow boundFor;
  private RowStep.@Nullable Bound bound;

  public RowStepRun(RowStep step) {
    this.step = step;
  }

  /** The side inputs of a DoFn's current element. */
  public static RowStep.SideInputs sideInputs(DoFn<?, ?>.ProcessContext context) {
    return new RowStep.SideInputs() {
      @Override
      public <T> T get(PCollectionView<T> view) {
        return context.sideInput(view);
      }
    };
  }

  /**
   * Applies the step to {@code row} of {@code window}: a row to {@code rows}, a reject to {@code
   * rejects}. Fails if the step gave the row no outcome or more than one.
   */
  public void apply(Row row, BoundedWindow window, RowStep.SideInputs sideInputs, Consumer<Row> rows,
      Consumer<QuarantinedRecord> rejects) {
    if (bound == null || !window.equals(boundFor)) {
      bound = step.bind(sideInputs);
      boundFor = window;
    }
    counts.add(IN, window);
    outcome.start(window, rows, rejects);
    bound.apply(row, outcome);
    if (outcome.given != 1) {
      throw new IllegalStateException(step.getClass().getSimpleName() + " gave the row from " + Lineage.of(row) + " "
          + outcome.given + " outcomes, where every row has exactly one (a row, a reject or a drop)");
    }
  }

  /** Emits what the bundle counted to {@link RowResult#COUNTS}, and starts counting again. */
  public void emitCounts(DoFn<?, ?>.FinishBundleContext context) {
    counts.emit(context);
  }

  private final class Counting implements RowStep.Outcome {
    private BoundedWindow window;
    private Consumer<Row> rows;
    private Consumer<QuarantinedRecord> rejects;
    private int given;

    void start(BoundedWindow window, Consumer<Row> rows, Consumer<QuarantinedRecord> rejects) {
      this.window = window;
      this.rows = rows;
      this.rejects = rejects;
      this.given = 0;
    }

    @Override
    public void row(Row row) {
      given++;
      counts.add(ROWS, window);
      rows.accept(row);
    }

    @Override
    public void reject(QuarantinedRecord reject) {
      given++;
      counts.add(REJECTS, window);
      rejects.accept(reject);
    }

    @Override
    public void drop() {
      given++;
      counts.add(DROPPED, window);
    }
  }
}
