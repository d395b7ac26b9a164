package org.beamlake.direct;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.PTransformOverride;
import org.apache.beam.sdk.runners.PTransformOverrideFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.util.construction.PTransformReplacements;
import org.apache.beam.sdk.util.construction.ReplacementOutputs;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.beamlake.combine.CombineInBundles;

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
    Set<String> targets = targets(pipeline);
    if (!targets.isEmpty()) {
      pipeline.replaceAll(List.of(
          PTransformOverride.of(application -> application.getTransform() instanceof Combine.PerKey
              && targets.contains(application.getFullName()), new CombineFactory<>(buckets)),
          PTransformOverride.of(application -> application.getTransform() instanceof GroupByKey
              && targets.contains(application.getFullName()), new GroupFactory<>(buckets))));
    }
    return targets.size();
  }

  /** The full names (unique in a pipeline) of the groupings to replace. */
  private static Set<String> targets(Pipeline pipeline) {
    Set<String> targets = new HashSet<>();
    Deque<Boolean> leftAlone = new ArrayDeque<>(); // inside a transform whose groupings stay as they are
    leftAlone.push(false);
    pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        PTransform<?, ?> transform = node.getTransform();
        boolean replaced = !leftAlone.peek() && transform instanceof Combine.PerKey && eligible(node);
        if (replaced) {
          targets.add(node.getFullName());
        }
        leftAlone.push(leftAlone.peek() || replaced || transform instanceof Reshuffle
            || transform instanceof Combine.Globally);
        return CompositeBehavior.ENTER_TRANSFORM;
      }

      @Override
      public void leaveCompositeTransform(TransformHierarchy.Node node) {
        leftAlone.pop();
      }

      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        if (!leftAlone.peek() && node.getTransform() instanceof GroupByKey<?, ?> gbk && !gbk.fewKeys()
            && eligible(node)) {
          targets.add(node.getFullName());
        }
      }
    });
    return targets;
  }

  /** Bounded input in the global window with the default trigger: where grouping in buckets is exact. */
  private static boolean eligible(TransformHierarchy.Node node) {
    PCollection<?> input = (PCollection<?>) node.getInputs().values().iterator().next();
    WindowingStrategy<?, ?> windowing = input.getWindowingStrategy();
    return input.isBounded() == PCollection.IsBounded.BOUNDED && windowing.getWindowFn() instanceof GlobalWindows
        && windowing.getTrigger() instanceof DefaultTrigger;
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

  private static final class CombineFactory<K, InputT, OutputT> implements PTransformOverrideFactory<
      PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>, Combine.PerKey<K, InputT, OutputT>> {
    private final int buckets;

    CombineFactory(int buckets) {
      this.buckets = buckets;
    }

    @Override
    public PTransformReplacement<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> getReplacementTransform(
        AppliedPTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>, Combine.PerKey<K, InputT, OutputT>>
            transform) {
      Combine.PerKey<K, InputT, OutputT> combine = transform.getTransform();
      @SuppressWarnings("unchecked")
      Coder<KV<K, OutputT>> outputCoder =
          ((PCollection<KV<K, OutputT>>) transform.getOutputs().values().iterator().next()).getCoder();
      // The grouped accumulators are handed over in memory, not decoded: the merge gets copies.
      return PTransformReplacement.of(PTransformReplacements.getSingletonMainInput(transform),
          CombineInBundles.of(combine, outputCoder, new CombineInBundles.Grouping() {
            @Override
            public <KeyT, V> PTransform<PCollection<KV<KeyT, V>>, PCollection<KV<KeyT, Iterable<V>>>> create() {
              return new GroupInBuckets<>(buckets);
            }
          }, true));
    }

    @Override
    public Map<PCollection<?>, ReplacementOutput> mapOutputs(Map<TupleTag<?>, PCollection<?>> outputs,
        PCollection<KV<K, OutputT>> newOutput) {
      return ReplacementOutputs.singleton(outputs, newOutput);
    }
  }
}
