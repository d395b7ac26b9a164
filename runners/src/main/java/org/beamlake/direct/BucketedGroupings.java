package org.beamlake.direct;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.PTransformOverride;
import org.apache.beam.sdk.runners.PTransformOverrideFactory;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.util.construction.PTransformReplacements;
import org.apache.beam.sdk.util.construction.ReplacementOutputs;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.beamlake.combine.CombineInBundles;
import org.beamlake.combine.CombineReplacements;

/**
 * Replaces a pipeline's many-key groupings, beamlake's and those inside Beam's own transforms (Beam
 * SQL's aggregations, {@code CoGroupByKey}), before the DirectRunner runs it: each {@link
 * GroupByKey} by {@link GroupInBuckets}, each {@link Combine.PerKey} by a combine in each bundle,
 * {@link GroupInBuckets} of the accumulators, then their merge (the DirectRunner's own lifting
 * emits one bundle per key; see {@link CombineInBundles}). Left alone: global combines (one key), groupings
 * inside a {@link Reshuffle} (whose point is one bundle per element, e.g. the capture's ranges and
 * series fetched side by side), and any outside the global window with its default trigger or on
 * unbounded input.
 */
public final class BucketedGroupings {
  private BucketedGroupings() {}

  /** Replaces the groupings in place; returns how many were replaced. */
  public static int apply(Pipeline pipeline, int buckets) {
    Set<String> targets = CombineReplacements.targets(pipeline, combine -> true, true);
    if (!targets.isEmpty()) {
      // The grouped accumulators are handed over in memory, not decoded: the merge gets copies.
      pipeline.replaceAll(List.of(
          CombineReplacements.combines(targets, new CombineInBundles.Grouping() {
            @Override
            public <K, V> PTransform<PCollection<KV<K, V>>, PCollection<KV<K, Iterable<V>>>> create() {
              return new GroupInBuckets<>(buckets);
            }
          }, true),
          PTransformOverride.of(application -> application.getTransform() instanceof GroupByKey
              && targets.contains(application.getFullName()), new GroupFactory<>(buckets))));
    }
    return targets.size();
  }

  private static final class GroupFactory<K, V> implements PTransformOverrideFactory<
      PCollection<KV<K, V>>, PCollection<KV<K, Iterable<V>>>, GroupByKey<K, V>> {
    private final int buckets;

    GroupFactory(int buckets) {
      this.buckets = buckets;
    }

    @Override
    public PTransformReplacement<PCollection<KV<K, V>>, PCollection<KV<K, Iterable<V>>>> getReplacementTransform(
        AppliedPTransform<PCollection<KV<K, V>>, PCollection<KV<K, Iterable<V>>>, GroupByKey<K, V>> transform) {
      return PTransformReplacement.of(PTransformReplacements.getSingletonMainInput(transform),
          new GroupInBuckets<K, V>(buckets));
    }

    @Override
    public Map<PCollection<?>, ReplacementOutput> mapOutputs(Map<TupleTag<?>, PCollection<?>> outputs,
        PCollection<KV<K, Iterable<V>>> newOutput) {
      return ReplacementOutputs.singleton(outputs, newOutput);
    }
  }
}
