package org.beamlake.direct;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.PTransformOverride;
import org.apache.beam.sdk.runners.PTransformOverrideFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.construction.PTransformReplacements;
import org.apache.beam.sdk.util.construction.ReplacementOutputs;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowingStrategy;

/**
 * Replaces a pipeline's many-key groupings, beamlake's and those inside Beam's own transforms (Beam
 * SQL's aggregations, {@code CoGroupByKey}), before the DirectRunner runs it: each {@link
 * GroupByKey} by {@link GroupInBuckets}, each {@link Combine.PerKey} by a combine in each bundle,
 * {@link GroupInBuckets} of the accumulators, then their merge (the DirectRunner's own lifting
 * emits one bundle per key; see {@link CombineInBuckets}). Left alone: global combines (one key), groupings
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
      return PTransformReplacement.of(PTransformReplacements.getSingletonMainInput(transform),
          new CombineInBuckets<>(buckets, combine, outputCoder));
    }

    @Override
    public Map<PCollection<?>, ReplacementOutput> mapOutputs(Map<TupleTag<?>, PCollection<?>> outputs,
        PCollection<KV<K, OutputT>> newOutput) {
      return ReplacementOutputs.singleton(outputs, newOutput);
    }
  }

  /**
   * {@link Combine.PerKey}'s result, grouped in buckets. A {@link CombineFn} without side inputs is
   * lifted as runners lift it: each bundle combines its values per key first, and only those
   * accumulators are grouped, then merged. Grouping every value instead held all of a stage's rows
   * in the DirectRunner's state, which copies a bucket's values through their coder each time a
   * bundle adds to it (the benchmark's analytics at 4M rows ran out of a 4 GiB heap). Other
   * functions group their values, then combine them.
   */
  static final class CombineInBuckets<K, InputT, OutputT>
      extends PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> {
    private final int buckets;
    private final transient Combine.PerKey<K, InputT, OutputT> combine;
    private final transient Coder<KV<K, OutputT>> outputCoder;

    CombineInBuckets(int buckets, Combine.PerKey<K, InputT, OutputT> combine, Coder<KV<K, OutputT>> outputCoder) {
      this.buckets = buckets;
      this.combine = combine;
      this.outputCoder = outputCoder;
    }

    @Override
    public PCollection<KV<K, OutputT>> expand(PCollection<KV<K, InputT>> input) {
      if (combine.getFn() instanceof CombineFn<?, ?, ?> && combine.getSideInputs().isEmpty()) {
        @SuppressWarnings("unchecked")
        CombineFn<InputT, Object, OutputT> fn = (CombineFn<InputT, Object, OutputT>) combine.getFn();
        KvCoder<K, InputT> coder = (KvCoder<K, InputT>) input.getCoder();
        try {
          Coder<Object> accumulatorCoder = fn.getAccumulatorCoder(input.getPipeline().getCoderRegistry(), coder.getValueCoder());
          return input
              .apply("PartialCombine", ParDo.of(new PartialCombineFn<>(fn, coder.getKeyCoder())))
              .setCoder(KvCoder.of(coder.getKeyCoder(), accumulatorCoder))
              .apply("GroupInBuckets", new GroupInBuckets<K, Object>(buckets))
              .apply("MergeAndExtract", ParDo.of(new MergeAndExtractFn<>(fn, accumulatorCoder)))
              .setCoder(outputCoder);
        } catch (CannotProvideCoderException e) {
          // no accumulator coder: combine after grouping, below
        }
      }
      return input.apply("GroupInBuckets", new GroupInBuckets<K, InputT>(buckets))
          .apply("Combine", Combine.<K, InputT, OutputT>groupedValues(combine.getFn()).withSideInputs(combine.getSideInputs()))
          .setCoder(outputCoder);
    }
  }

  /** A bundle's values combined per key (keys compared as {@code GroupByKey} compares them), emitted when it ends. */
  static final class PartialCombineFn<K, InputT> extends DoFn<KV<K, InputT>, KV<K, Object>> {
    private final CombineFn<InputT, Object, ?> fn;
    private final Coder<K> keyCoder;
    private transient Map<Object, KV<K, Object>> accumulators;

    PartialCombineFn(CombineFn<InputT, Object, ?> fn, Coder<K> keyCoder) {
      this.fn = fn;
      this.keyCoder = keyCoder;
    }

    @StartBundle
    public void startBundle() {
      accumulators = new LinkedHashMap<>();
    }

    @ProcessElement
    public void process(@Element KV<K, InputT> element) {
      Object structural = keyCoder.structuralValue(element.getKey());
      KV<K, Object> current = accumulators.get(structural);
      Object accumulator = fn.addInput(current == null ? fn.createAccumulator() : current.getValue(), element.getValue());
      if (current == null || current.getValue() != accumulator) {
        accumulators.put(structural, KV.of(current == null ? element.getKey() : current.getKey(), accumulator));
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      for (KV<K, Object> accumulator : accumulators.values()) {
        context.output(accumulator, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      accumulators = null;
    }
  }

  /**
   * Each key's accumulators, copied, merged, and the output extracted. The grouped accumulators are
   * the step's input and a merge may change any of its arguments, not only the first: Beam SQL's
   * {@code DropNullFn} (around {@code MIN} and {@code MAX}) starts from no accumulator, skips it and
   * merges into the first grouped one. So the merge gets copies, made through the accumulator coder.
   */
  static final class MergeAndExtractFn<K, OutputT> extends DoFn<KV<K, Iterable<Object>>, KV<K, OutputT>> {
    private final CombineFn<?, Object, OutputT> fn;
    private final Coder<Object> accumulatorCoder;

    MergeAndExtractFn(CombineFn<?, Object, OutputT> fn, Coder<Object> accumulatorCoder) {
      this.fn = fn;
      this.accumulatorCoder = accumulatorCoder;
    }

    @ProcessElement
    public void process(@Element KV<K, Iterable<Object>> group, OutputReceiver<KV<K, OutputT>> out)
        throws CoderException {
      List<Object> copies = new ArrayList<>();
      for (Object accumulator : group.getValue()) {
        copies.add(CoderUtils.clone(accumulatorCoder, accumulator));
      }
      out.output(KV.of(group.getKey(), fn.extractOutput(fn.mergeAccumulators(copies))));
    }
  }
}
