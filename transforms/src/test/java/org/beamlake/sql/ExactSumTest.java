package org.beamlake.sql;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ExactSumTest {

  /** Sums and products over every exponent from 2^-1074 to 2^1023, against BigDecimal arithmetic. */
  @Test
  public void matchesDecimalArithmeticOverTheWholeRangeOfDoubles() throws Exception {
    Random random = new Random(20261124);
    for (int run = 0; run < 200; run++) {
      ExactSum sum = new ExactSum();
      ExactSum products = new ExactSum();
      BigDecimal expectedSum = BigDecimal.ZERO;
      BigDecimal expectedProducts = BigDecimal.ZERO;
      int exponentRange = run < 100 ? 60 : 2000; // narrow runs stay on the fast path, wide ones leave it
      for (int i = 0; i < 300; i++) {
        double a = randomDouble(random, exponentRange);
        double b = randomDouble(random, exponentRange);
        sum.add(a);
        products.addProduct(a, b);
        expectedSum = expectedSum.add(new BigDecimal(a));
        expectedProducts = expectedProducts.add(new BigDecimal(a).multiply(new BigDecimal(b)));
      }
      assertEquals(0, expectedSum.compareTo(sum.toBigDecimal()));
      assertEquals(0, expectedProducts.compareTo(products.toBigDecimal()));
      assertEquals(0, expectedSum.compareTo(roundTrip(sum).toBigDecimal()));
      assertEquals(0, expectedProducts.compareTo(roundTrip(products).toBigDecimal()));
    }
  }

  @Test
  public void cancellationKeepsTheSmallTerms() {
    ExactSum sum = new ExactSum();
    sum.add(1e16);
    sum.add(1);
    sum.add(-1e16);
    sum.add(0x1p-1074);
    sum.addProduct(0.1, 0.1);
    sum.addProduct(-0.1, 0.1);
    assertEquals(new BigDecimal(1).add(new BigDecimal(0x1p-1074)), sum.toBigDecimal());
  }

  /** Near overflow and underflow, and decimals, the sum continues as a BigDecimal, still exact. */
  @Test
  public void valuesTheDoublesCannotHoldTurnItIntoADecimal() throws Exception {
    ExactSum sum = new ExactSum();
    sum.add(1.5);
    sum.addProduct(1e300, 1e300); // 1e600 is no double
    sum.addProduct(1e-200, 3e-200); // below the smallest double
    sum.add(new BigDecimal("0.1"));
    BigDecimal expected = new BigDecimal(1.5)
        .add(new BigDecimal(1e300).multiply(new BigDecimal(1e300)))
        .add(new BigDecimal(1e-200).multiply(new BigDecimal(3e-200)))
        .add(new BigDecimal("0.1"));
    assertEquals(0, expected.compareTo(sum.toBigDecimal()));
    assertEquals(0, expected.compareTo(roundTrip(sum).toBigDecimal()));

    ExactSum doubles = new ExactSum();
    doubles.add(2.0);
    doubles.add(sum);
    ExactSum decimalFirst = roundTrip(sum).add(doubles);
    assertEquals(0, expected.add(new BigDecimal(2)).compareTo(doubles.toBigDecimal()));
    assertEquals(0, expected.multiply(new BigDecimal(2)).add(new BigDecimal(2)).compareTo(decimalFirst.toBigDecimal()));
  }

  /** The same values added in any order and merged in any split give the same exact total. */
  @Test
  public void orderAndSplitDoNotChangeTheTotal() {
    Random random = new Random(7);
    List<double[]> values = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      values.add(new double[] {randomDouble(random, 80), randomDouble(random, 80)});
    }
    BigDecimal expected = null;
    for (int shuffle = 0; shuffle < 20; shuffle++) {
      Collections.shuffle(values, random);
      int split = random.nextInt(values.size());
      ExactSum left = new ExactSum();
      ExactSum right = new ExactSum();
      for (int i = 0; i < values.size(); i++) {
        (i < split ? left : right).addProduct(values.get(i)[0], values.get(i)[1]);
      }
      BigDecimal total = left.add(right).toBigDecimal();
      if (expected == null) {
        expected = total;
      }
      assertEquals(0, expected.compareTo(total));
    }
  }

  @Test
  public void anEmptySumIsZero() throws Exception {
    assertEquals(0, BigDecimal.ZERO.compareTo(new ExactSum().toBigDecimal()));
    ExactSum cancelled = new ExactSum();
    cancelled.add(3.25);
    cancelled.add(-3.25);
    assertEquals(0, BigDecimal.ZERO.compareTo(roundTrip(cancelled).toBigDecimal()));
  }

  private static ExactSum roundTrip(ExactSum sum) throws Exception {
    ExactSum.Coder coder = new ExactSum.Coder();
    return CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, sum));
  }

  /** A finite double of random sign and mantissa, exponent within ±range/2 (clamped to doubles). */
  private static double randomDouble(Random random, int range) {
    int exponent = Math.max(-1074, Math.min(1023, random.nextInt(range + 1) - range / 2));
    double value = Math.scalb(1 + random.nextDouble(), exponent);
    if (Double.isInfinite(value)) {
      value = Double.MAX_VALUE;
    }
    return random.nextBoolean() ? value : -value;
  }
}
