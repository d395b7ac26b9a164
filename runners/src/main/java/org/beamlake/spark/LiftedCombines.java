package org.beamlake.spark;

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
import org.apache.beam.sdk.transforms.Combine.CombineFn;
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
 * Replaces a pipeline's {@link Combine.PerKey}s, beamlake's and those inside Beam's own transforms
 * (Beam SQL's aggregations above all), by {@link CombineInBundles} with a {@link GroupByKey} of the
 * accumulators, before the Spark runner translates them. The runner's own translation is Spark's
 * {@code combineByKey}, whose map side costs more per value than the combine itself: each value's
 * key encoded to bytes and hashed again at every comparison, each accumulator update wrapped in a
 * new windowed, lazily serialized holder, the map size-estimated (BENCHMARKS.md, "Combines lifted
 * in the bundle").
 *
 * <p>Replaced: a {@link CombineFn} without side inputs, on bounded input in the global window with
 * its default trigger, not inside a {@link Reshuffle}, a {@link Combine.Globally} or another
 * replaced combine. Everything else is left to the runner.
 */
public final class LiftedCombines {
  private LiftedCombines() {}

  /** Replaces the combines in place; returns how many were replaced. */
  public static int apply(Pipeline pipeline) {
    Set<String> targets = targets(pipeline);
    if (!targets.isEmpty()) {
      pipeline.replaceAll(List.of(PTransformOverride.of(application -> application.getTransform() instanceof Combine.PerKey
          && targets.contains(application.getFullName()), new Factory<>())));
    }
    return targets.size();
  }

  /** The full names (unique in a pipeline) of the combines to replace. */
  private static Set<String> targets(Pipeline pipeline) {
    Set<String> targets = new HashSet<>();
    Deque<Boolean> leftAlone = new ArrayDeque<>(); // inside a transform whose combines stay as they are
    leftAlone.push(false);
    pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        PTransform<?, ?> transform = node.getTransform();
        boolean replaced = !leftAlone.peek() && transform instanceof Combine.PerKey<?, ?, ?> combine
            && combine.getFn() instanceof CombineFn<?, ?, ?> && combine.getSideInputs().isEmpty() && eligible(node);
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
    });
    return targets;
  }

  /** Bounded input in the global window with the default trigger: where a combine in each bundle is exact. */
  private static boolean eligible(TransformHierarchy.Node node) {
    PCollection<?> input = (PCollection<?>) node.getInputs().values().iterator().next();
    WindowingStrategy<?, ?> windowing = input.getWindowingStrategy();
    return input.isBounded() == PCollection.IsBounded.BOUNDED && windowing.getWindowFn() instanceof GlobalWindows
        && windowing.getTrigger() instanceof DefaultTrigger;
  }

  private static final class Factory<K, InputT, OutputT> implements PTransformOverrideFactory<
      PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>, Combine.PerKey<K, InputT, OutputT>> {
    @Override
    public PTransformReplacement<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> getReplacementTransform(
        AppliedPTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>, Combine.PerKey<K, InputT, OutputT>>
            transform) {
      @SuppressWarnings("unchecked")
      Coder<KV<K, OutputT>> outputCoder =
          ((PCollection<KV<K, OutputT>>) transform.getOutputs().values().iterator().next()).getCoder();
      // The grouped accumulators are decoded from the shuffle for the merge alone: no copies needed.
      return PTransformReplacement.of(PTransformReplacements.getSingletonMainInput(transform),
          CombineInBundles.of(transform.getTransform(), outputCoder, GroupByKey::create, false));
    }

    @Override
    public Map<PCollection<?>, ReplacementOutput> mapOutputs(Map<TupleTag<?>, PCollection<?>> outputs,
        PCollection<KV<K, OutputT>> newOutput) {
      return ReplacementOutputs.singleton(outputs, newOutput);
    }
  }
}
