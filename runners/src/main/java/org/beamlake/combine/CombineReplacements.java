package org.beamlake.combine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
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

/**
 * Which of a pipeline's combines per key and groupings a runner's pipeline replaces before it runs
 * ({@code direct.BucketedGroupings}, {@code spark.LiftedCombines}), and the override that puts a
 * {@link CombineInBundles} in a combine's place.
 */
public final class CombineReplacements {
  private CombineReplacements() {}

  /**
   * The full names (unique in a pipeline) of the {@link Combine.PerKey}s that {@code combines}
   * accepts and, with {@code groupings}, of the many-key {@link GroupByKey}s: each on bounded input
   * in the global window with its default trigger (where a combine in each bundle, or a grouping in
   * buckets, is exact), and none inside a {@link Reshuffle} (whose point is one bundle per element),
   * a {@link Combine.Globally} (one key) or another replaced combine.
   */
  public static Set<String> targets(Pipeline pipeline, Predicate<Combine.PerKey<?, ?, ?>> combines, boolean groupings) {
    Set<String> targets = new HashSet<>();
    Deque<Boolean> leftAlone = new ArrayDeque<>(); // inside a transform whose groupings stay as they are
    leftAlone.push(false);
    pipeline.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        PTransform<?, ?> transform = node.getTransform();
        boolean replaced = !leftAlone.peek() && transform instanceof Combine.PerKey<?, ?, ?> combine
            && combines.test(combine) && eligible(node);
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
        if (groupings && !leftAlone.peek() && node.getTransform() instanceof GroupByKey<?, ?> gbk && !gbk.fewKeys()
            && eligible(node)) {
          targets.add(node.getFullName());
        }
      }
    });
    return targets;
  }

  private static boolean eligible(TransformHierarchy.Node node) {
    PCollection<?> input = (PCollection<?>) node.getInputs().values().iterator().next();
    WindowingStrategy<?, ?> windowing = input.getWindowingStrategy();
    return input.isBounded() == PCollection.IsBounded.BOUNDED && windowing.getWindowFn() instanceof GlobalWindows
        && windowing.getTrigger() instanceof DefaultTrigger;
  }

  /** Replaces each combine per key named in {@code targets} by {@link CombineInBundles#of} with these arguments. */
  public static PTransformOverride combines(Set<String> targets, CombineInBundles.Grouping grouping, boolean copyBeforeMerge) {
    return PTransformOverride.of(application -> application.getTransform() instanceof Combine.PerKey
        && targets.contains(application.getFullName()), new CombineFactory<>(grouping, copyBeforeMerge));
  }

  private static final class CombineFactory<K, InputT, OutputT> implements PTransformOverrideFactory<
      PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>, Combine.PerKey<K, InputT, OutputT>> {
    private final CombineInBundles.Grouping grouping;
    private final boolean copyBeforeMerge;

    CombineFactory(CombineInBundles.Grouping grouping, boolean copyBeforeMerge) {
      this.grouping = grouping;
      this.copyBeforeMerge = copyBeforeMerge;
    }

    @Override
    public PTransformReplacement<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> getReplacementTransform(
        AppliedPTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>, Combine.PerKey<K, InputT, OutputT>>
            transform) {
      @SuppressWarnings("unchecked")
      Coder<KV<K, OutputT>> outputCoder =
          ((PCollection<KV<K, OutputT>>) transform.getOutputs().values().iterator().next()).getCoder();
      return PTransformReplacement.of(PTransformReplacements.getSingletonMainInput(transform),
          CombineInBundles.of(transform.getTransform(), outputCoder, grouping, copyBeforeMerge));
    }

    @Override
    public Map<PCollection<?>, ReplacementOutput> mapOutputs(Map<TupleTag<?>, PCollection<?>> outputs,
        PCollection<KV<K, OutputT>> newOutput) {
      return ReplacementOutputs.singleton(outputs, newOutput);
    }
  }
}
