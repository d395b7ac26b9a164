package org.beamlake.direct;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.TransformHierarchy;

/**
 * A pipeline for the DirectRunner whose many-key groupings become {@link GroupInBuckets} when it
 * runs ({@link BucketedGroupings}). The DirectRunner emits one bundle per key after a grouping and
 * sets every later step up again per bundle; with 16,000 keys (the DVD rental demo's deduplication)
 * that set-up was three quarters of the ETL stage's CPU. Results are the same: only the bundles
 * differ.
 *
 * <pre>{@code
 * Pipeline p = DirectPipeline.create(options); // options whose runner is the DirectRunner
 * }</pre>
 */
public final class DirectPipeline extends Pipeline {
  /** Buckets per worker thread: enough to keep the threads busy when buckets differ in size. */
  static final int BUCKETS_PER_THREAD = 4;

  private boolean bucketed;

  private DirectPipeline(PipelineOptions options) {
    super(options);
  }

  /** A new pipeline with these options (whose runner is the DirectRunner). */
  public static DirectPipeline create(PipelineOptions options) {
    PipelineRunner.fromOptions(options); // as Pipeline.create: a runner may complete the options
    return new DirectPipeline(options);
  }

  /** The buckets a grouping is made in: a few per DirectRunner worker thread. */
  static int buckets(PipelineOptions options) {
    return BUCKETS_PER_THREAD * options.as(DirectOptions.class).getTargetParallelism();
  }

  @Override
  public PipelineResult run(PipelineOptions options) {
    if (!bucketed) {
      BucketedGroupings.apply(this, buckets(options));
      bucketed = true;
    }
    try {
      return super.run(options);
    } finally {
      if (options.as(DirectOptions.class).isBlockOnRun()) { // finished or failed: no step takes a batch now
        releaseHandoffs();
      }
    }
  }

  /** Drops the batches a failed run's groupings left in memory (a successful run took them all). */
  private void releaseHandoffs() {
    traverseTopologically(new PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        if (node.getTransform() instanceof GroupInBuckets<?, ?> grouping) {
          Handoffs.release(grouping.scope());
        }
        return CompositeBehavior.ENTER_TRANSFORM;
      }
    });
  }
}
