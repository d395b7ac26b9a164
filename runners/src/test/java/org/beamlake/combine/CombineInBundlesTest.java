package org.beamlake.combine;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

/** Where a bundle emits its accumulators: at its end, or when its map reaches one of its bounds. */
class CombineInBundlesTest {
  /**
   * Joins a key's values with {@code +} in each accumulator; the output lists the key's
   * accumulators, sorted, between {@code |}: which values were combined together in one bundle's map.
   */
  static final class PartialsFn extends CombineFn<Integer, String, String> {
    @Override
    public String createAccumulator() {
      return "";
    }

    @Override
    public String addInput(String accumulator, Integer value) {
      return accumulator.isEmpty() ? String.valueOf(value) : accumulator + "+" + value;
    }

    @Override
    public String mergeAccumulators(Iterable<String> accumulators) {
      List<String> all = new ArrayList<>();
      accumulators.forEach(a -> {
        if (!a.isEmpty()) {
          all.addAll(List.of(a.split(" \\| ")));
        }
      });
      all.sort(null);
      return String.join(" | ", all);
    }

    @Override
    public String extractOutput(String accumulator) {
      return accumulator;
    }
  }

  /** a1 a2 b3 c4 d5 a6, in this order, as one bundle, combined with the given bounds. */
  private static PCollection<KV<String, String>> combineOneBundle(Pipeline p, String name, int maxKeys, long maxInputs) {
    List<KV<String, Integer>> values = List.of(KV.of("a", 1), KV.of("a", 2), KV.of("b", 3), KV.of("c", 4),
        KV.of("d", 5), KV.of("a", 6));
    PCollection<KV<String, Integer>> oneBundle = p.apply(name + "/Values", Create.of(List.of(values))
            .withType(new TypeDescriptor<List<KV<String, Integer>>>() {}))
        .apply(name + "/Flatten", FlatMapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.integers()))
            .via((List<KV<String, Integer>> list) -> list))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()));
    return oneBundle.apply(name, CombineInBundles.of(Combine.<String, Integer, String>perKey(new PartialsFn()),
            KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()), GroupByKey::create, false)
        .withBounds(maxKeys, maxInputs));
  }

  @Test
  void aBundleEmitsItsAccumulatorsWhenItEndsOrWhenItsMapReachesItsBounds() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    // No bound reached: one accumulator per key.
    PAssert.that(combineOneBundle(p, "Unbounded", 100, 100))
        .containsInAnyOrder(KV.of("a", "1+2+6"), KV.of("b", "3"), KV.of("c", "4"), KV.of("d", "5"));
    // Three keys held after c4: a=1+2, b=3, c=4 leave; d=5 and a=6 leave when the bundle ends.
    PAssert.that(combineOneBundle(p, "ThreeKeys", 3, 100))
        .containsInAnyOrder(KV.of("a", "1+2 | 6"), KV.of("b", "3"), KV.of("c", "4"), KV.of("d", "5"));
    // Every second value: a=1+2, then b=3 and c=4, then d=5 and a=6.
    PAssert.that(combineOneBundle(p, "TwoValues", 100, 2))
        .containsInAnyOrder(KV.of("a", "1+2 | 6"), KV.of("b", "3"), KV.of("c", "4"), KV.of("d", "5"));
    // Every value: one accumulator per value.
    PAssert.that(combineOneBundle(p, "OneValue", 100, 1))
        .containsInAnyOrder(KV.of("a", "1 | 2 | 6"), KV.of("b", "3"), KV.of("c", "4"), KV.of("d", "5"));
    p.run().waitUntilFinish();
  }

  @Test
  void boundsOfNothingAreRefused() {
    CombineInBundles<String, Integer, String> combine = CombineInBundles.of(
        Combine.<String, Integer, String>perKey(new PartialsFn()), KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()),
        GroupByKey::create, false);
    assertThrows(IllegalArgumentException.class, () -> combine.withBounds(0, 10));
    assertThrows(IllegalArgumentException.class, () -> combine.withBounds(10, 0));
  }
}
