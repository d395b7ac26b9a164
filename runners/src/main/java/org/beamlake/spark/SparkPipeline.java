package org.beamlake.spark;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A pipeline for Beam's Spark runner whose combines per key are lifted into each bundle when it
 * runs ({@link LiftedCombines}). Results are the same; only where the values are combined differs.
 *
 * <pre>{@code
 * Pipeline p = SparkPipeline.create(options); // options whose runner is the SparkRunner
 * }</pre>
 */
public final class SparkPipeline extends Pipeline {
  private boolean lifted;

  private SparkPipeline(PipelineOptions options) {
    super(options);
  }

  /** A new pipeline with these options (whose runner is the SparkRunner). */
  public static SparkPipeline create(PipelineOptions options) {
    PipelineRunner.fromOptions(options); // as Pipeline.create: a runner may complete the options
    return new SparkPipeline(options);
  }

  @Override
  public PipelineResult run(PipelineOptions options) {
    if (!lifted) {
      LiftedCombines.apply(this);
      lifted = true;
    }
    return super.run(options);
  }
}
