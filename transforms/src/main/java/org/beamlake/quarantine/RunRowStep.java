package org.beamlake.quarantine;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * A {@link RowStep} as a step of its own: its rows, its rejects and what it counted (in, rows,
 * rejects, dropped; in = rows + rejects + dropped).
 */
public final class RunRowStep extends PTransform<PCollection<Row>, RowResult> {
  private final RowStep step;

  private RunRowStep(RowStep step) {
    this.step = step;
  }

  public static RunRowStep of(RowStep step) {
    return new RunRowStep(step);
  }

  @Override
  public RowResult expand(PCollection<Row> input) {
    PCollectionTuple out = input.apply("Apply", ParDo.of(new Fn(step))
        .withSideInputs(step.sideInputs())
        .withOutputTags(RowResult.ROWS, TupleTagList.of(RowResult.REJECTS).and(RowResult.COUNTS)));
    out.get(RowResult.ROWS).setRowSchema(step.outputSchema());
    return RowResult.of(out);
  }

  private static final class Fn extends DoFn<Row, Row> {
    private final RowStep step;
    private transient RowStepRun run;

    Fn(RowStep step) {
      this.step = step;
    }

    @StartBundle
    public void start() {
      run = new RowStepRun(step);
    }

    @ProcessElement
    public void process(ProcessContext context, BoundedWindow window, MultiOutputReceiver out) {
      run.apply(context.element(), window, RowStepRun.sideInputs(context),
          out.get(RowResult.ROWS)::output, out.get(RowResult.REJECTS)::output);
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      run.emitCounts(context);
    }
  }
}
