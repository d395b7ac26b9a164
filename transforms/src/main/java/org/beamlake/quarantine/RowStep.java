package org.beamlake.quarantine;

import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * The logic of a step that takes one row at a time and sends it on as a row, a reject or nothing,
 * apart from the DoFn that runs it: {@link RunRowStep} runs it as a step of its own, and beamlake's
 * trusted writer runs a dataset's last such step inside its own DoFn ({@code
 * WriteParquet.inBundles(...).afterStep(step)}), so the step's rows go straight to Parquet.
 *
 * <p>Why the second: Beam's Spark runner caches every output of a ParDo with several outputs (rows,
 * rejects, counts) whole, and each reader of one output decodes all of them. A step whose rows are
 * written in the same DoFn has only small outputs left (file names, rejects, counts).
 *
 * <p>Every row given to {@link Bound#apply} has exactly one outcome: {@link Outcome#row}, {@link
 * Outcome#reject} or {@link Outcome#drop}. Whoever runs the step counts them ({@link RowStepRun}:
 * in, rows, rejects, dropped).
 */
public interface RowStep extends Serializable {
  /** The schema of the rows the step sends on. */
  Schema outputSchema();

  /** The side inputs {@link #bind} reads. */
  List<PCollectionView<?>> sideInputs();

  /** The step ready for the rows of one window, with its side inputs read from {@code sideInputs}. */
  Bound bind(SideInputs sideInputs);

  /** Reads a side input in the current window. */
  interface SideInputs {
    <T> T get(PCollectionView<T> view);
  }

  /** The step with its side inputs read. */
  interface Bound {
    /** Sends {@code row} to exactly one of {@code out}'s methods, once. */
    void apply(Row row, Outcome out);
  }

  /** Where a row goes. */
  interface Outcome {
    void row(Row row);

    void reject(QuarantinedRecord reject);

    /** Dropped on purpose (an inner join's row without a match), counted as dropped. */
    void drop();
  }
}
