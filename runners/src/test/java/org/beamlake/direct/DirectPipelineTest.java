package org.beamlake.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.beamlake.sql.RunSql;
import org.beamlake.combine.KeyedValuesWithNulls;
import org.beamlake.combine.SumPlusSideInputFn;
import org.junit.jupiter.api.Test;

class DirectPipelineTest {
  private static final int KEYS = 1000;

  /** Counts the bundles it is given. */
  static final class CountBundlesFn extends DoFn<KV<String, Iterable<Integer>>, KV<String, Integer>> {
    private final Counter bundles = Metrics.counter(CountBundlesFn.class, "bundles");

    @StartBundle
    public void startBundle() {
      bundles.inc();
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Integer>> group, OutputReceiver<KV<String, Integer>> out) {
      int sum = 0;
      for (int value : group.getValue()) {
        sum += value;
      }
      out.output(KV.of(group.getKey(), sum));
    }
  }

  private static DirectOptions options() {
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(3);
    return options;
  }

  /** Three values of each of 1,000 keys: key k has k, k + 1 and k + 2. */
  private static List<KV<String, Integer>> threeValuesPerKey() {
    List<KV<String, Integer>> input = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      for (int i = 0; i < 3; i++) {
        input.add(KV.of("key" + k, k + i));
      }
    }
    return input;
  }

  /** The sums of {@link #threeValuesPerKey}: 3 times the key's number plus 3. */
  private static List<KV<String, Integer>> sumsPerKey() {
    return IntStream.range(0, KEYS).mapToObj(k -> KV.of("key" + k, 3 * k + 3)).toList();
  }

  /** Three values of each of 1,000 keys, grouped; each key's sum is 3 times its number plus 3. */
  private static long groupAndCountBundles(Pipeline p) {
    List<KV<String, Integer>> input = threeValuesPerKey();
    List<KV<String, Integer>> expected = sumsPerKey();
    PCollection<KV<String, Integer>> sums = p.apply(Create.of(input)).apply(GroupByKey.create())
        .apply(ParDo.of(new CountBundlesFn()));
    PAssert.that(sums).containsInAnyOrder(expected);
    PipelineResult result = p.run();
    result.waitUntilFinish();
    return result.metrics().queryMetrics(MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(CountBundlesFn.class, "bundles")).build())
        .getCounters().iterator().next().getCommitted();
  }

  @Test
  void theStepAfterAGroupingSeesOneBundlePerBucketInsteadOfOnePerKey() {
    assertEquals(KEYS, groupAndCountBundles(Pipeline.create(options())));
    assertEquals(12, groupAndCountBundles(DirectPipeline.create(options()))); // 4 buckets x 3 threads, all used
  }

  @Test
  void groupingInBucketsGivesEachKeyOnceWithAllItsValues() {
    Pipeline p = Pipeline.create(options());
    List<KV<Integer, String>> input = IntStream.range(0, 300).mapToObj(i -> KV.of(i % 70, "v" + i)).toList();
    PCollection<KV<Integer, String>> grouped = p.apply(Create.of(input))
        .apply(new GroupInBuckets<>(5))
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptors.strings()))
            .via(group -> {
              List<String> values = new ArrayList<>();
              group.getValue().forEach(values::add);
              values.sort(null);
              return KV.of(group.getKey(), String.join(",", values));
            }));
    List<KV<Integer, String>> expected = new ArrayList<>();
    for (int k = 0; k < 70; k++) {
      List<String> values = new ArrayList<>();
      for (int i = k; i < 300; i += 70) {
        values.add("v" + i);
      }
      values.sort(null);
      expected.add(KV.of(k, String.join(",", values)));
    }
    PAssert.that(grouped).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void onlyManyKeyGroupingsOutsideReshufflesAreReplaced() {
    Pipeline p = Pipeline.create(options());
    PCollection<KV<String, Integer>> pairs = p.apply(Create.of(KV.of("a", 1), KV.of("b", 2), KV.of("a", 3)));
    PCollection<KV<String, Integer>> reshuffled = pairs.apply("Spread", Reshuffle.of());
    PCollection<KV<String, Integer>> perKey = reshuffled.apply("SumPerKey", Sum.integersPerKey()); // one
    PCollection<Long> total = pairs.apply("CountAll", Combine.globally(Count.<KV<String, Integer>>combineFn()));
    TupleTag<Integer> left = new TupleTag<>();
    TupleTag<Integer> right = new TupleTag<>();
    PCollection<KV<String, String>> joined = KeyedPCollectionTuple.of(left, perKey).and(right, pairs)
        .apply("Join", CoGroupByKey.create()) // two
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via(r -> KV.of(r.getKey(), r.getValue().getOnly(left) + "/" + sorted(r.getValue().getAll(right)))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));

    assertEquals(2, BucketedGroupings.apply(p, 12)); // before PAssert adds groupings of its own
    PAssert.that(joined).containsInAnyOrder(KV.of("a", "4/1,3"), KV.of("b", "2/2"));
    PAssert.thatSingleton(total).isEqualTo(3L);
    p.run().waitUntilFinish();
  }

  /** A string coder that counts the values it encodes: each copy of a value through its coder is one. */
  static final class CountingCoder extends AtomicCoder<String> {
    static final AtomicLong ENCODED = new AtomicLong();

    @Override
    public void encode(String value, OutputStream out) throws IOException {
      ENCODED.incrementAndGet();
      StringUtf8Coder.of().encode(value, out);
    }

    @Override
    public String decode(InputStream in) throws IOException {
      return StringUtf8Coder.of().decode(in);
    }
  }

  /** 50 values of key "k" for each number n: "v" + (50 n + j), made here rather than by Create (which encodes them). */
  static final class FiftyValuesFn extends DoFn<Integer, KV<String, String>> {
    @ProcessElement
    public void process(@Element Integer n, OutputReceiver<KV<String, String>> out) {
      for (int j = 0; j < 50; j++) {
        out.output(KV.of("k", "v" + (50 * n + j)));
      }
    }
  }

  /** Values of one key from 20 bundles (a reshuffle makes a bundle of each element). */
  private static PCollection<KV<String, String>> oneKeyFromTwentyBundles(Pipeline p) {
    return p.apply(Create.of(IntStream.range(0, 20).boxed().toList()))
        .apply(Reshuffle.viaRandomKey())
        .apply(ParDo.of(new FiftyValuesFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), new CountingCoder()));
  }

  /**
   * The values are handed over in memory and never pass through the grouping's state, which the
   * DirectRunner copied through the coder each time a bundle added to a key (here 20 bundles into
   * one key: some 10,000 copies of values). With the enforcement checks off nothing encodes them.
   */
  @Test
  void aGroupingInBucketsCopiesNoValueHoweverManyBundlesFeedIt() {
    DirectOptions options = options();
    options.setEnforceEncodability(false);
    options.setEnforceImmutability(false);
    Pipeline p = Pipeline.create(options);
    PCollection<KV<String, Long>> counts = oneKeyFromTwentyBundles(p)
        .apply(new GroupInBuckets<>(4))
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via(group -> KV.of(group.getKey(), java.util.stream.StreamSupport.stream(group.getValue().spliterator(), false)
                .distinct().count())));
    PAssert.that(counts).containsInAnyOrder(KV.of("k", 1000L));
    CountingCoder.ENCODED.set(0);
    p.run().waitUntilFinish();
    assertEquals(0, CountingCoder.ENCODED.get());
  }

  /** A key coder without a structural value: grouping by it fails after the first batch is taken. */
  static final class NoStructuralValueCoder extends AtomicCoder<String> {
    @Override
    public void encode(String value, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(value, out);
    }

    @Override
    public String decode(InputStream in) throws IOException {
      return StringUtf8Coder.of().decode(in);
    }

    @Override
    public Object structuralValue(String value) {
      throw new IllegalStateException("no structural value for " + value);
    }
  }

  /** A run that fails with batches not yet grouped drops them: nothing stays held in memory after it. */
  @Test
  void aFailedRunReleasesTheBatchesItHandedOver() {
    DirectOptions options = options();
    options.setEnforceImmutability(false); // its checks would ask the key coder for structural values first
    Pipeline p = DirectPipeline.create(options);
    GroupInBuckets<String, String> grouping = new GroupInBuckets<>(1);
    oneKeyFromTwentyBundles(p)
        .setCoder(KvCoder.of(new NoStructuralValueCoder(), StringUtf8Coder.of()))
        .apply(grouping);
    Exception failure = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    assertTrue(failure.getMessage().contains("no structural value for k"), failure.getMessage());
    assertEquals(0, Handoffs.held(grouping.scope())); // 19 of the 20 batches were never taken
  }

  /**
   * A combine per key is combined within each bundle before its accumulators are grouped: the
   * grouping sees at most one accumulator per key and bundle, not every value. Checked on the
   * replaced pipeline's steps and on exact results, with the DirectRunner's encodability checks on.
   */
  @Test
  void aCombinePerKeyIsCombinedInEachBundleBeforeItIsGrouped() {
    Pipeline p = Pipeline.create(options());
    List<KV<String, Integer>> input = threeValuesPerKey();
    List<KV<String, Integer>> expected = sumsPerKey();
    PCollection<KV<String, Integer>> sums = p.apply(Create.of(input)).apply("SumPerKey", Sum.integersPerKey());
    PCollection<KV<String, Long>> counts = p.apply("Again", Create.of(input)).apply("CountPerKey", Count.perKey());

    assertEquals(2, BucketedGroupings.apply(p, 12));
    assertEquals(List.of(
            "SumPerKey/PartialCombine/ParMultiDo(Partial)",
            "SumPerKey/GroupAccumulators/HandOverByBucket/ParMultiDo(HandOver)",
            "SumPerKey/GroupAccumulators/GroupBucket",
            "SumPerKey/GroupAccumulators/GroupByKeyInBucket/ParMultiDo(GroupWithinBucket)",
            "SumPerKey/MergeAndExtract/ParMultiDo(MergeAndExtract)"),
        stepsUnder(p, "SumPerKey/"));
    PAssert.that(sums).containsInAnyOrder(expected);
    PAssert.that(counts).containsInAnyOrder(
        IntStream.range(0, KEYS).mapToObj(k -> KV.of("key" + k, 3L)).toList());
    p.run().waitUntilFinish();
  }

  /** A combine with side inputs is not lifted: its values are grouped in buckets, then combined. */
  @Test
  void aCombineWithSideInputsIsGroupedThenCombined() {
    Pipeline p = Pipeline.create(options());
    PCollectionView<Integer> offset = p.apply("Offset", Create.of(100)).apply(View.asSingleton());
    PCollection<KV<String, Integer>> sums = p.apply(Create.of(threeValuesPerKey()))
        .apply("SumPerKey", Combine.<String, Integer, Integer>perKey(new SumPlusSideInputFn(offset)).withSideInputs(offset));

    assertEquals(1, BucketedGroupings.apply(p, 12));
    List<String> steps = stepsUnder(p, "SumPerKey/");
    assertEquals(List.of(), steps.stream().filter(step -> step.contains("PartialCombine")).toList());
    assertEquals(3, steps.stream().filter(step -> step.startsWith("SumPerKey/GroupValues/")).count());
    PAssert.that(sums).containsInAnyOrder(
        sumsPerKey().stream().map(kv -> KV.of(kv.getKey(), kv.getValue() + 100)).toList());
    p.run().waitUntilFinish();
  }

  /**
   * A lifted combine's merge may change any accumulator it is given: Beam SQL's MIN and MAX (its
   * {@code DropNullFn}) merge into the first grouped accumulator when a key has several, one per
   * bundle. The DirectRunner's immutability check (on here) failed such a step until the merge got
   * copies.
   */
  @Test
  void aLiftedSqlMinAndMaxOverManyBundlesLeaveTheirInputUnchanged() {
    Pipeline p = DirectPipeline.create(options());
    PCollection<Row> in = p.apply(Create.of(KeyedValuesWithNulls.rows()).withRowSchema(KeyedValuesWithNulls.SCHEMA))
        .apply(Reshuffle.viaRandomKey()).setRowSchema(KeyedValuesWithNulls.SCHEMA);
    PCollection<Row> out = PCollectionTuple.of(new TupleTag<>("t"), in)
        .apply(RunSql.query("SELECT k, MIN(v) AS lo, MAX(v) AS hi FROM t GROUP BY k"));

    List<Row> expected = new ArrayList<>();
    for (int k = 0; k < KeyedValuesWithNulls.KEYS; k++) {
      List<Double> values = KeyedValuesWithNulls.values(k);
      expected.add(Row.withSchema(out.getSchema()).addValues("k" + k, values.get(0), values.get(values.size() - 1)).build());
    }
    PAssert.that(out).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  private static List<String> stepsUnder(Pipeline p, String prefix) {
    List<String> steps = new ArrayList<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitPrimitiveTransform(org.apache.beam.sdk.runners.TransformHierarchy.Node node) {
        steps.add(node.getFullName());
      }
    });
    return steps.stream().filter(step -> step.startsWith(prefix)).toList();
  }

  private static String sorted(Iterable<Integer> values) {
    List<Integer> list = new ArrayList<>();
    values.forEach(list::add);
    list.sort(null);
    return list.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
  }
}
