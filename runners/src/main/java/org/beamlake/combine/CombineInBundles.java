package org.beamlake.combine;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@link Combine.PerKey}'s result, with the combine lifted by beamlake rather than by the runner:
 * each bundle combines its values per key in memory, only those accumulators go through the
 * grouping it is given, and each key's accumulators are then merged and the output extracted.
 *
 * <p>Used where a runner's own lifting costs more than the combine: the DirectRunner emits one
 * bundle per key after its lifted grouping ({@code direct.BucketedGroupings}); Beam's Spark runner
 * encodes every value's key to bytes, hashes those bytes again at every comparison, and wraps every
 * accumulator update in a windowed, lazily serialized holder that Spark size-estimates
 * ({@code spark.LiftedCombines}). Here a value costs one lookup of its key in a hash map.
 *
 * <p>A bundle's map is emitted and started again once it holds {@code maxKeys} keys or has taken
 * {@code maxInputs} values since it was last emitted, so the memory it needs is bounded however
 * large the bundle (a Spark bundle is a whole partition) and whatever the accumulators keep (a
 * median's holds its values). Keys are compared as a {@code GroupByKey} compares them, by their
 * coder's structural value. A {@link CombineFn} with side inputs, or one whose accumulators have
 * no coder, is grouped first and then combined.
 *
 * <pre>{@code
 * PCollection<KV<String, Integer>> sums =
 *     pairs.apply(CombineInBundles.of(Sum.integersPerKey(), outputCoder, GroupByKey::create, false));
 * }</pre>
 */
public final class CombineInBundles<K, InputT, OutputT>
    extends PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, OutputT>>> {
  /** Keys a bundle holds before it emits its accumulators. */
  public static final int MAX_KEYS = 500_000;
  /** Values a bundle takes before it emits its accumulators. */
  public static final long MAX_INPUTS = 4_000_000;

  /** How the accumulators are grouped by key: a {@code GroupByKey} or an equivalent. */
  public interface Grouping {
    <K, V> PTransform<PCollection<KV<K, V>>, PCollection<KV<K, Iterable<V>>>> create();
  }

  private final transient Combine.PerKey<K, InputT, OutputT> combine;
  private final transient Coder<KV<K, OutputT>> outputCoder;
  private final transient Grouping grouping;
  private final boolean copyBeforeMerge;
  private final int maxKeys;
  private final long maxInputs;

  private CombineInBundles(Combine.PerKey<K, InputT, OutputT> combine, Coder<KV<K, OutputT>> outputCoder,
      Grouping grouping, boolean copyBeforeMerge, int maxKeys, long maxInputs) {
    checkArgument(maxKeys > 0 && maxInputs > 0, "maxKeys and maxInputs must be > 0, got %s and %s", maxKeys, maxInputs);
    this.combine = combine;
    this.outputCoder = outputCoder;
    this.grouping = grouping;
    this.copyBeforeMerge = copyBeforeMerge;
    this.maxKeys = maxKeys;
    this.maxInputs = maxInputs;
  }

  /**
   * {@code combine} lifted into each bundle; the accumulators grouped by {@code grouping}; with
   * {@code copyBeforeMerge}, the merge is given copies of the grouped accumulators (made through
   * their coder), for a grouping whose values are not the merge's to change.
   */
  public static <K, InputT, OutputT> CombineInBundles<K, InputT, OutputT> of(Combine.PerKey<K, InputT, OutputT> combine,
      Coder<KV<K, OutputT>> outputCoder, Grouping grouping, boolean copyBeforeMerge) {
    return new CombineInBundles<>(combine, outputCoder, grouping, copyBeforeMerge, MAX_KEYS, MAX_INPUTS);
  }

  /** The same, emitting a bundle's accumulators at {@code maxKeys} keys or {@code maxInputs} values. */
  public CombineInBundles<K, InputT, OutputT> withBounds(int maxKeys, long maxInputs) {
    return new CombineInBundles<>(combine, outputCoder, grouping, copyBeforeMerge, maxKeys, maxInputs);
  }

  @Override
  public PCollection<KV<K, OutputT>> expand(PCollection<KV<K, InputT>> input) {
    if (combine.getFn() instanceof CombineFn<?, ?, ?> && combine.getSideInputs().isEmpty()) {
      @SuppressWarnings("unchecked")
      CombineFn<InputT, Object, OutputT> fn = DirectFieldAggregation.of((CombineFn<InputT, Object, OutputT>) combine.getFn());
      KvCoder<K, InputT> coder = (KvCoder<K, InputT>) input.getCoder();
      try {
        Coder<Object> accumulatorCoder = fn.getAccumulatorCoder(input.getPipeline().getCoderRegistry(), coder.getValueCoder());
        return input
            .apply("PartialCombine", ParDo.of(new PartialCombineFn<>(fn, coder.getKeyCoder(), maxKeys, maxInputs)))
            .setCoder(KvCoder.of(coder.getKeyCoder(), accumulatorCoder))
            .apply("GroupAccumulators", grouping.<K, Object>create())
            .apply("MergeAndExtract", ParDo.of(new MergeAndExtractFn<>(fn, copyBeforeMerge ? accumulatorCoder : null)))
            .setCoder(outputCoder);
      } catch (CannotProvideCoderException e) {
        // no accumulator coder: combine after grouping, below
      }
    }
    return input.apply("GroupValues", grouping.<K, InputT>create())
        .apply("Combine", Combine.<K, InputT, OutputT>groupedValues(combine.getFn()).withSideInputs(combine.getSideInputs()))
        .setCoder(outputCoder);
  }

  /**
   * A bundle's values combined per key (keys compared by their structural values, hashed as {@link
   * MapKey} hashes them), emitted when the bundle ends or when the map reaches its bounds.
   */
  static final class PartialCombineFn<K, InputT> extends DoFn<KV<K, InputT>, KV<K, Object>> {
    private final CombineFn<InputT, Object, ?> fn;
    private final Coder<K> keyCoder;
    private final int maxKeys;
    private final long maxInputs;
    private transient Map<MapKey, KV<K, Object>> accumulators;
    private transient long inputs;

    PartialCombineFn(CombineFn<InputT, Object, ?> fn, Coder<K> keyCoder, int maxKeys, long maxInputs) {
      this.fn = fn;
      this.keyCoder = keyCoder;
      this.maxKeys = maxKeys;
      this.maxInputs = maxInputs;
    }

    @StartBundle
    public void startBundle() {
      accumulators = new HashMap<>();
      inputs = 0;
    }

    @ProcessElement
    public void process(@Element KV<K, InputT> element, OutputReceiver<KV<K, Object>> out) {
      MapKey mapKey = MapKey.of(keyCoder, element.getKey());
      KV<K, Object> current = accumulators.get(mapKey);
      Object accumulator = fn.addInput(current == null ? fn.createAccumulator() : current.getValue(), element.getValue());
      if (current == null || current.getValue() != accumulator) {
        accumulators.put(mapKey, KV.of(current == null ? element.getKey() : current.getKey(), accumulator));
      }
      if (accumulators.size() >= maxKeys || ++inputs >= maxInputs) {
        accumulators.values().forEach(out::output);
        accumulators.clear();
        inputs = 0;
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
   * Each key's accumulators merged and the output extracted. The merge may change any accumulator
   * it is given, not only the first: Beam SQL's {@code DropNullFn} (around {@code MIN} and {@code
   * MAX}) merges into the first grouped one. With an accumulator coder the merge gets copies.
   */
  static final class MergeAndExtractFn<K, OutputT> extends DoFn<KV<K, Iterable<Object>>, KV<K, OutputT>> {
    private final CombineFn<?, Object, OutputT> fn;
    private final Coder<Object> copyCoder;

    MergeAndExtractFn(CombineFn<?, Object, OutputT> fn, Coder<Object> copyCoder) {
      this.fn = fn;
      this.copyCoder = copyCoder;
    }

    @ProcessElement
    public void process(@Element KV<K, Iterable<Object>> group, OutputReceiver<KV<K, OutputT>> out)
        throws CoderException {
      // A list: a merge may read its argument more than once, and a grouping's values may be readable once.
      List<Object> accumulators = new ArrayList<>();
      for (Object accumulator : group.getValue()) {
        accumulators.add(copyCoder == null ? accumulator : CoderUtils.clone(copyCoder, accumulator));
      }
      out.output(KV.of(group.getKey(), fn.extractOutput(fn.mergeAccumulators(accumulators))));
    }
  }
}
