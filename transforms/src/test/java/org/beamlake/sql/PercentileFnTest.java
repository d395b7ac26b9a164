package org.beamlake.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PercentileFnTest {
  private static double median(double... values) {
    PercentileFn fn = PercentileFn.median();
    Values acc = fn.createAccumulator();
    for (double v : values) {
      fn.addInput(acc, v);
    }
    return fn.extractOutput(acc);
  }

  /** The exact midpoint of a and b, rounded once: halving a decimal always terminates. */
  private static double exactMidpoint(double a, double b) {
    return new BigDecimal(a).add(new BigDecimal(b)).divide(BigDecimal.valueOf(2)).doubleValue();
  }

  @Test
  void theMedianOfAnEvenCountIsTheExactMidpointRoundedOnce() {
    assertEquals(45.602000000000004, median(46.342, 44.862));
    assertEquals(2.5, median(4.0, 1.0, 3.0, 2.0));
    // Sums that overflow, and midpoints among the subnormals, where halving the sum is not exact.
    assertEquals(Double.MAX_VALUE, median(Double.MAX_VALUE, Double.MAX_VALUE));
    assertEquals(exactMidpoint(Double.MIN_VALUE, 3 * Double.MIN_VALUE), median(Double.MIN_VALUE, 3 * Double.MIN_VALUE));
    assertEquals(exactMidpoint(Double.MIN_VALUE, 2 * Double.MIN_VALUE), median(Double.MIN_VALUE, 2 * Double.MIN_VALUE));
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      double a = Math.round(random.nextGaussian() * 1e6) / 1e3;
      double b = i % 2 == 0 ? Math.round(random.nextGaussian() * 1e6) / 1e3 : random.nextDouble() * Math.pow(10, random.nextInt(600) - 300);
      assertEquals(exactMidpoint(a, b), median(a, b), a + " and " + b);
    }
  }

  @Test
  void accumulatorsRoundTripThroughTheirCoderExactly() throws IOException {
    double nanWithPayload = Double.longBitsToDouble(0x7ff8_0000_0000_1234L);
    double[] doubles = {1.5, -0.0, nanWithPayload, Double.MIN_VALUE, 1e300, 0.0};
    Values values = new Values();
    for (double v : doubles) {
      values.add(v);
    }
    double[] decoded = roundTrip(values).sortedDoubles();
    double[] expected = values.sortedDoubles();
    assertEquals(doubles.length, decoded.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(decoded[i]));
    }

    Values mixed = new Values();
    mixed.add(new BigDecimal("0.10"));
    mixed.add(2.5);
    BigDecimal[] exact = roundTrip(mixed).sortedDecimals();
    assertEquals(new BigDecimal("0.10"), exact[0]);
    assertEquals(new BigDecimal(2.5), exact[1]);
  }

  private static Values roundTrip(Values values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Values.Coder().encode(values, bytes);
    return new Values.Coder().decode(new ByteArrayInputStream(bytes.toByteArray()));
  }
}
