package org.beamlake.sql;

import java.math.BigDecimal;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;

/**
 * {@code PERCENTILE(x, p)} and {@code MEDIAN(x)}: the continuous percentile of the non-null values,
 * as SQL's {@code PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x)}. With the n values sorted, the
 * result is {@code v[i] + f * (v[i+1] - v[i])} where {@code i + f = p * (n - 1)}; so the median
 * of an even count is the mean of the two middle values. NULL when there is no value.
 *
 * <p>Exact and independent of input order: the values are collected, sorted, and the result is
 * computed in decimal arithmetic (p is the decimal literal as written, not a double) and rounded
 * once to a double. A group's values are all held in memory at once.
 *
 * <p>NaN sorts above +Infinity; a result between non-finite values follows IEEE arithmetic.
 */
final class PercentileFn extends NumericCombineFn<Values, Double> {
  private static final long serialVersionUID = 1L;

  private static final BigDecimal HALF = new BigDecimal("0.5");

  private final BigDecimal fraction;

  private PercentileFn(BigDecimal fraction) {
    this.fraction = fraction;
  }

  static PercentileFn of(BigDecimal fraction) {
    if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("percentile fraction must be in [0, 1], got " + fraction);
    }
    return new PercentileFn(fraction);
  }

  static PercentileFn median() {
    return of(HALF);
  }

  @Override
  public Values createAccumulator() {
    return new Values();
  }

  @Override
  public Values addInput(Values values, Number value) {
    if (value != null) {
      values.add(value);
    }
    return values;
  }

  @Override
  public Values mergeAccumulators(Iterable<Values> accumulators) {
    Values merged = new Values();
    for (Values values : accumulators) {
      merged.addAll(values);
    }
    return merged;
  }

  @Override
  public Double extractOutput(Values values) {
    int n = values.size();
    if (n == 0) {
      return null;
    }
    BigDecimal position = fraction.multiply(BigDecimal.valueOf(n - 1L));
    int index = position.intValue();
    BigDecimal weight = position.subtract(BigDecimal.valueOf(index));
    boolean between = weight.signum() > 0;
    if (values.allDoubles()) {
      double[] sorted = values.sortedDoubles();
      double low = sorted[index];
      if (!between) {
        return low;
      }
      double high = sorted[index + 1];
      if (!Double.isFinite(low) || !Double.isFinite(high)) {
        return low + weight.doubleValue() * (high - low);
      }
      if (weight.compareTo(HALF) == 0) {
        double sum = low + high;
        // Halving is exact for a finite sum away from the subnormals, and rounding commutes with it:
        // the rounded sum halved is the exact midpoint rounded once.
        if (Double.isFinite(sum) && Math.abs(sum) >= 2 * Double.MIN_NORMAL) {
          return sum / 2;
        }
      }
      return interpolate(new BigDecimal(low), new BigDecimal(high), weight);
    }
    BigDecimal[] sorted = values.sortedDecimals();
    return between ? interpolate(sorted[index], sorted[index + 1], weight) : sorted[index].doubleValue();
  }

  private static double interpolate(BigDecimal low, BigDecimal high, BigDecimal weight) {
    return low.add(weight.multiply(high.subtract(low))).doubleValue();
  }

  @Override
  public Coder<Values> getAccumulatorCoder(CoderRegistry registry, Coder<Number> inputCoder) {
    return new Values.Coder();
  }
}
