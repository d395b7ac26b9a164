package org.beamlake.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class ExactMeanTest {
  private static ExactMean of(Number... values) {
    ExactMean mean = new ExactMean();
    for (Number value : values) {
      mean.add(value);
    }
    return mean;
  }

  /** Ints, floats, a long past 2^53 and a decimal, summed exactly; merged as if added in one. */
  @Test
  void sumsEveryNumberTypeExactlyAndMerges() {
    ExactMean mean = of(1, 2.5f, (1L << 60) + 1);
    mean.merge(of(new BigDecimal("0.1"), (short) 3, (byte) -4));
    assertEquals(6, mean.count());
    assertEquals(new BigDecimal(1L << 60).add(new BigDecimal("3.6")), mean.sum().toBigDecimal());
  }

  @Test
  void givesTheNonFiniteSumOverTheFiniteMean() {
    assertEquals(Double.NaN, of(1.0, Double.NaN).nearestDouble());
    assertEquals(Double.NEGATIVE_INFINITY, of(1.0, Double.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY).nearestDouble());
    assertEquals(Double.NaN, of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY).nearestDouble());
    assertEquals(0.1, of(0.1, 0.1, 0.1).nearestDouble());
  }

  @Test
  void survivesItsCoder() throws Exception {
    ExactMean.Coder coder = new ExactMean.Coder();
    for (ExactMean mean : new ExactMean[] {of(), of(0.1, 0.2), of(new BigDecimal("2.5"), 1), of(1.0, Double.NaN)}) {
      ExactMean copy = CoderUtils.clone(coder, mean);
      assertEquals(mean.count(), copy.count());
      assertEquals(mean.sum().toBigDecimal(), copy.sum().toBigDecimal());
      if (mean.count() > 0) {
        assertEquals(mean.nearestDouble(), copy.nearestDouble());
      }
    }
  }
}
