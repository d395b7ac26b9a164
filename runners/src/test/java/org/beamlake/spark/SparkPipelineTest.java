package org.beamlake.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.beamlake.sql.RunSql;
import org.beamlake.combine.KeyedValuesWithNulls;
import org.beamlake.combine.SumPlusSideInputFn;
import org.junit.jupiter.api.Test;

/** Combines per key on the Spark runner, lifted into each bundle by beamlake. */
class SparkPipelineTest {
  private static final int KEYS = 1000;

  private static SparkPipelineOptions options() {
    SparkPipelineOptions options = PipelineOptionsFactory.as(SparkPipelineOptions.class);
    options.setRunner(SparkRunner.class);
    options.setSparkMaster("local[2]");
    return options;
  }

  /**
   * Each combine per key becomes a combine in each bundle, a grouping of the accumulators and their
   * merge; a global combine and a combine with side inputs stay the runner's. Exact results on
   * Spark {@code local[2]}.
   */
  @Test
  void aCombinePerKeyIsCombinedInEachBundleThenItsAccumulatorsAreGrouped() {
    Pipeline p = Pipeline.create(options());
    List<KV<String, Integer>> input = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      for (int i = 0; i < 3; i++) {
        input.add(KV.of("key" + k, k + i));
      }
    }
    PCollection<KV<String, Integer>> pairs = p.apply(Create.of(input));
    PCollection<KV<String, Integer>> sums = pairs.apply("SumPerKey", Sum.integersPerKey());
    PCollection<KV<String, Long>> counts = pairs.apply("CountPerKey", Count.perKey());
    PCollection<Long> total = pairs.apply("CountAll", Count.globally());
    PCollectionView<Integer> offset = p.apply("Offset", Create.of(100)).apply(View.asSingleton());
    PCollection<KV<String, Integer>> withSideInput = pairs.apply("SumWithSideInput",
        Combine.<String, Integer, Integer>perKey(new SumPlusSideInputFn(offset)).withSideInputs(offset));

    assertEquals(2, LiftedCombines.apply(p));
    assertEquals(List.of(
            "SumPerKey/PartialCombine/ParMultiDo(Partial)",
            "SumPerKey/GroupAccumulators",
            "SumPerKey/MergeAndExtract/ParMultiDo(MergeAndExtract)"),
        stepsUnder(p, "SumPerKey/"));
    assertEquals(List.of(), stepsUnder(p, "CountAll/").stream().filter(s -> s.contains("PartialCombine")).toList());
    assertEquals(List.of(), stepsUnder(p, "SumWithSideInput/").stream().filter(s -> s.contains("PartialCombine")).toList());
    PAssert.that(sums).containsInAnyOrder(IntStream.range(0, KEYS).mapToObj(k -> KV.of("key" + k, 3 * k + 3)).toList());
    PAssert.that(counts).containsInAnyOrder(IntStream.range(0, KEYS).mapToObj(k -> KV.of("key" + k, 3L)).toList());
    PAssert.that(total).containsInAnyOrder(3L * KEYS);
    PAssert.that(withSideInput)
        .containsInAnyOrder(IntStream.range(0, KEYS).mapToObj(k -> KV.of("key" + k, 3 * k + 103)).toList());
    p.run().waitUntilFinish();
  }

  /**
   * Beam SQL's aggregations on Spark through {@link SparkPipeline}: MIN and MAX skip nulls and merge
   * into a grouped accumulator, SUM and COUNT of a column with nulls, beamlake's MEDIAN, and a
   * global aggregate; exact rows.
   */
  @Test
  void sqlAggregationsGiveExactRowsWithTheirCombinesLifted() {
    Pipeline p = SparkPipeline.create(options());
    PCollection<Row> in = p.apply(Create.of(KeyedValuesWithNulls.rows()).withRowSchema(KeyedValuesWithNulls.SCHEMA));
    PCollection<Row> perKey = PCollectionTuple.of(new TupleTag<>("t"), in).apply("PerKey", RunSql.query(
        "SELECT k, MIN(v) AS lo, MAX(v) AS hi, SUM(v) AS total, MEDIAN(v) AS mid, COUNT(v) AS n FROM t GROUP BY k"));
    PCollection<Row> overall = PCollectionTuple.of(new TupleTag<>("t"), in).apply("Overall", RunSql.query(
        "SELECT COUNT(*) AS n, COUNT(v) AS nv FROM t"));

    List<Row> expected = new ArrayList<>();
    for (int k = 0; k < KeyedValuesWithNulls.KEYS; k++) {
      List<Double> values = KeyedValuesWithNulls.values(k);
      double total = values.stream().mapToDouble(Double::doubleValue).sum();
      int n = values.size();
      double mid = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
      expected.add(Row.withSchema(perKey.getSchema())
          .addValues("k" + k, values.get(0), values.get(n - 1), total, mid, (long) n).build());
    }
    PAssert.that(perKey).containsInAnyOrder(expected);
    PAssert.that(overall).containsInAnyOrder(Row.withSchema(overall.getSchema()).addValues(3000L, 3000L - 429).build());
    p.run().waitUntilFinish();
    // The aggregation per key is one combine of all its aggregates, lifted; the global one is the runner's.
    assertEquals(1, stepsUnder(p, "PerKey/").stream().filter(s -> s.endsWith("/PartialCombine/ParMultiDo(Partial)")).count());
    assertEquals(0, stepsUnder(p, "Overall/").stream().filter(s -> s.contains("PartialCombine")).count());
  }

  private static List<String> stepsUnder(Pipeline p, String prefix) {
    List<String> steps = new ArrayList<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitPrimitiveTransform(TransformHierarchy.Node node) {
        steps.add(node.getFullName());
      }
    });
    return steps.stream().filter(step -> step.startsWith(prefix)).toList();
  }
}
