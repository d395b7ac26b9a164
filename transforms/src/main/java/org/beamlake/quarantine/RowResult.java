package org.beamlake.quarantine;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The output of a step that can refuse records: the rows that passed, and the rejected records
 * with their reasons. Nothing is dropped silently: every input element is in exactly one of them
 * (unless the step says otherwise, as a filter does).
 *
 * <pre>{@code
 * RowResult result = rows.apply(CastColumns.of(Map.of("OBS_VALUE", ColumnType.DOUBLE)));
 * result.rows();      // typed rows
 * result.rejects();   // QuarantinedRecord per value that would not cast
 * }</pre>
 *
 * <p>A step may also say what it counted ({@link #counts}): partial counts per bundle, as {@link
 * StepCounts} emits them. The parsers and {@code JoinDatasets} do.
 */
public final class RowResult implements POutput {
  /** Tag of the rows that passed, for {@code ParDo.withOutputTags}. */
  public static final TupleTag<Row> ROWS = new TupleTag<Row>("rows") {};

  /** Tag of the rejected records, for {@code ParDo.withOutputTags}. */
  public static final TupleTag<QuarantinedRecord> REJECTS = new TupleTag<QuarantinedRecord>("rejects") {};

  /**
   * Tag of what the step counted, {@code KV<name, count>} per bundle ({@link StepCounts}), for
   * {@code ParDo.withOutputTags}.
   */
  public static final TupleTag<KV<String, Long>> COUNTS = new TupleTag<KV<String, Long>>("counts") {};

  private final Pipeline pipeline;
  private final PCollection<Row> rows;
  private final PCollection<QuarantinedRecord> rejects;
  private final @Nullable PCollection<KV<String, Long>> counts;

  private RowResult(Pipeline pipeline, PCollection<Row> rows, PCollection<QuarantinedRecord> rejects,
      @Nullable PCollection<KV<String, Long>> counts) {
    this.pipeline = pipeline;
    this.rows = rows;
    this.rejects = rejects;
    this.counts = counts;
  }

  /**
   * From a multi-output ParDo tagged with {@link #ROWS} and {@link #REJECTS}, and {@link #COUNTS}
   * if it counts; sets the coders of the rejects and the counts.
   */
  public static RowResult of(PCollectionTuple tuple) {
    PCollection<QuarantinedRecord> rejects = tuple.get(REJECTS).setCoder(QuarantinedRecordCoder.of());
    PCollection<KV<String, Long>> counts = tuple.has(COUNTS) ? tuple.get(COUNTS).setCoder(StepCounts.coder()) : null;
    return new RowResult(tuple.getPipeline(), tuple.get(ROWS), rejects, counts);
  }

  /** From two collections built separately. */
  public static RowResult of(PCollection<Row> rows, PCollection<QuarantinedRecord> rejects) {
    return new RowResult(rows.getPipeline(), rows, rejects, null);
  }

  /** From collections built separately, with what the step counted; sets the coder of the counts. */
  public static RowResult of(PCollection<Row> rows, PCollection<QuarantinedRecord> rejects,
      PCollection<KV<String, Long>> counts) {
    return new RowResult(rows.getPipeline(), rows, rejects, counts.setCoder(StepCounts.coder()));
  }

  public PCollection<Row> rows() {
    return rows;
  }

  public PCollection<QuarantinedRecord> rejects() {
    return rejects;
  }

  /**
   * What the step counted, partial counts per bundle to be summed per name; null if it does not
   * count. A result of {@link #then} or {@link #thenAll} has none: its rows come from several steps.
   */
  public @Nullable PCollection<KV<String, Long>> counts() {
    return counts;
  }

  /** Applies a step that can refuse records to the passing rows; rejects of both are merged. */
  public RowResult then(String name, PTransform<PCollection<Row>, RowResult> step) {
    RowResult next = rows.apply(name, step);
    PCollection<QuarantinedRecord> all =
        org.apache.beam.sdk.values.PCollectionList.of(rejects).and(next.rejects())
            .apply(name + "/MergeRejects", org.apache.beam.sdk.transforms.Flatten.pCollections());
    return of(next.rows(), all.setCoder(QuarantinedRecordCoder.of()));
  }

  /** Applies a step that cannot refuse records to the passing rows. */
  public RowResult thenAll(String name, PTransform<PCollection<Row>, PCollection<Row>> step) {
    return of(rows.apply(name, step), rejects);
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return counts == null ? Map.of(ROWS, rows, REJECTS, rejects) : Map.of(ROWS, rows, REJECTS, rejects, COUNTS, counts);
  }

  @Override
  public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
}
