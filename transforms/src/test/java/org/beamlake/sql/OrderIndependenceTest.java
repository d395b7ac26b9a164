package org.beamlake.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * A runner may feed a group's values in any order, split over any number of accumulators that it
 * encodes and merges. The results must not change by a single bit, or DirectRunner and Spark
 * would disagree.
 */
class OrderIndependenceTest {
  private static final int VALUES = 2_000;

  /** Values of very different magnitudes, where double sums would depend on order. */
  private static List<Double> values(Random random) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < VALUES; i++) {
      values.add((random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(16) - 4));
    }
    return values;
  }

  /** Combines {@code inputs} shuffled by {@code seed} over 1 to 8 accumulators, each sent through the coder. */
  private static <InputT, AccumT, OutputT> OutputT combine(
      CombineFn<InputT, AccumT, OutputT> fn, Coder<AccumT> coder, List<InputT> inputs, long seed)
      throws Exception {
    Random random = new Random(seed);
    List<InputT> shuffled = new ArrayList<>(inputs);
    Collections.shuffle(shuffled, random);
    List<AccumT> parts = new ArrayList<>();
    int partCount = 1 + random.nextInt(8);
    for (int part = 0; part < partCount; part++) {
      parts.add(fn.createAccumulator());
    }
    for (InputT input : shuffled) {
      int part = random.nextInt(partCount);
      parts.set(part, fn.addInput(parts.get(part), input));
    }
    List<AccumT> decoded = new ArrayList<>();
    for (AccumT accumulator : parts) {
      decoded.add(CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, accumulator)));
    }
    return fn.extractOutput(fn.mergeAccumulators(decoded));
  }

  private static <InputT, AccumT> void assertSameEveryWay(
      CombineFn<InputT, AccumT, Double> fn, Coder<AccumT> coder, List<InputT> inputs) throws Exception {
    Double first = combine(fn, coder, inputs, 0);
    for (long seed = 1; seed < 20; seed++) {
      assertEquals(first, combine(fn, coder, inputs, seed), fn.getClass().getSimpleName() + " seed " + seed);
    }
  }

  @Test
  void percentilesDoNotDependOnOrderOrSplitting() throws Exception {
    List<Number> inputs = new ArrayList<>(values(new Random(42)));
    inputs.add(null);
    inputs.add(new BigDecimal("123456789.123456789123456789"));
    for (String fraction : new String[] {"0", "0.5", "0.9", "0.999", "1"}) {
      assertSameEveryWay(PercentileFn.of(new BigDecimal(fraction)), new Values.Coder(), inputs);
    }
  }

  @Test
  void standardDeviationsAndVariancesDoNotDependOnOrderOrSplitting() throws Exception {
    List<Number> inputs = new ArrayList<>(values(new Random(7)));
    inputs.add(null);
    inputs.add(3L);
    assertSameEveryWay(SpreadFn.stddev(true), new Moments.Coder(), inputs);
    assertSameEveryWay(SpreadFn.stddev(false), new Moments.Coder(), inputs);
    assertSameEveryWay(SpreadFn.variance(true), new Moments.Coder(), inputs);
    assertSameEveryWay(SpreadFn.variance(false), new Moments.Coder(), inputs);
  }

  @Test
  void correlationAndCovariancesDoNotDependOnOrderOrSplitting() throws Exception {
    Random random = new Random(11);
    List<Double> xs = values(random);
    List<List<Double>> pairs = new ArrayList<>();
    for (double x : xs) {
      pairs.add(List.of(x, x * 0.5 + random.nextGaussian() * Math.abs(x)));
    }
    pairs.add(java.util.Arrays.asList(1.0, null));
    assertSameEveryWay(PairFn.correlation(), new Moments.Coder(), pairs);
    assertSameEveryWay(PairFn.covariance(true), new Moments.Coder(), pairs);
    assertSameEveryWay(PairFn.covariance(false), new Moments.Coder(), pairs);
  }

  @Test
  void medianOfValuesNeedingDecimalsIsExact() {
    BiFunction<Values, Number, Values> add = (values, value) -> {
      values.add(value);
      return values;
    };
    Values values = add.apply(add.apply(new Values(), 9007199254740993L), 1L);
    // (2^53 + 1 + 1) / 2 = 4503599627370497, exactly a double; via doubles it would be ...496.
    assertEquals(4503599627370497.0, PercentileFn.median().extractOutput(values));
  }

  @Test
  void countsSqlEqualValuesOnce() {
    assertEquals(new BigDecimal("1.1"), CountDistinctFn.canonical(new BigDecimal("1.100")));
    assertEquals(BigDecimal.ZERO, CountDistinctFn.canonical(new BigDecimal("0.00")));
    assertEquals(0.0, CountDistinctFn.canonical(-0.0));
  }
}
