package org.beamlake.spark;

import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.beamlake.combine.CombineInBundles;
import org.beamlake.combine.CombineReplacements;

/**
 * Replaces a pipeline's {@link Combine.PerKey}s, beamlake's and those inside Beam's own transforms
 * (Beam SQL's aggregations above all), by {@link CombineInBundles} with a {@link GroupByKey} of the
 * accumulators, before the Spark runner translates them. The runner's own translation is Spark's
 * {@code combineByKey}, whose map side costs more per value than the combine itself: each value's
 * key encoded to bytes and hashed again at every comparison, each accumulator update wrapped in a
 * new windowed, lazily serialized holder, the map size-estimated (BENCHMARKS.md, "Combines lifted
 * in the bundle").
 *
 * <p>Replaced: a {@link CombineFn} without side inputs where {@link CombineReplacements#targets}
 * allows. Everything else is left to the runner.
 */
public final class LiftedCombines {
  private LiftedCombines() {}

  /** Replaces the combines in place; returns how many were replaced. */
  public static int apply(Pipeline pipeline) {
    Set<String> targets = CombineReplacements.targets(pipeline,
        combine -> combine.getFn() instanceof CombineFn<?, ?, ?> && combine.getSideInputs().isEmpty(), false);
    if (!targets.isEmpty()) {
      // The grouped accumulators are decoded from the shuffle for the merge alone: no copies needed.
      pipeline.replaceAll(List.of(CombineReplacements.combines(targets, GroupByKey::create, false)));
    }
    return targets.size();
  }
}
