package org.beamlake.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Exact sums for variance, standard deviation, covariance and correlation: the count, the sums of x, y, x², y² and xy
 * as {@link ExactSum}s. The sums are exact, so they do not depend on the order of the values or on
 * how a runner splits the group (unlike Beam's VAR_POP and COVAR_POP, which divide with 10
 * significant digits on every merge). Only the final division and square root round, at 40 digits,
 * before the one rounding to a double.
 *
 * <p>Memory is constant per group in practice: a sum of doubles is held in a few doubles.
 */
final class Moments {
  private static final MathContext PRECISION = new MathContext(40, RoundingMode.HALF_EVEN);

  private long count;
  private ExactSum sumX = new ExactSum();
  private ExactSum sumY = new ExactSum();
  private ExactSum sumXX = new ExactSum();
  private ExactSum sumYY = new ExactSum();
  private ExactSum sumXY = new ExactSum();
  /** A NaN or an infinity was seen: the result is NaN. */
  private boolean nonFinite;

  void add(Number x) {
    count++;
    if (NumericCombineFn.isNonFinite(x)) {
      nonFinite = true;
      return;
    }
    if (NumericCombineFn.isExactDouble(x)) {
      double v = x.doubleValue();
      sumX.add(v);
      sumXX.addProduct(v, v);
    } else {
      BigDecimal v = NumericCombineFn.exact(x);
      sumX.add(v);
      sumXX.add(v.multiply(v));
    }
  }

  void addPair(double x, double y) {
    count++;
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      nonFinite = true;
      return;
    }
    sumX.add(x);
    sumY.add(y);
    sumXX.addProduct(x, x);
    sumYY.addProduct(y, y);
    sumXY.addProduct(x, y);
  }

  /** A new accumulator holding the sums of all of {@code accumulators}. */
  static Moments mergeAll(Iterable<Moments> accumulators) {
    Moments merged = new Moments();
    for (Moments moments : accumulators) {
      merged.merge(moments);
    }
    return merged;
  }

  Moments merge(Moments other) {
    count += other.count;
    sumX.add(other.sumX);
    sumY.add(other.sumY);
    sumXX.add(other.sumXX);
    sumYY.add(other.sumYY);
    sumXY.add(other.sumXY);
    nonFinite |= other.nonFinite;
    return this;
  }

  /** Sample (n - 1) or population (n) standard deviation of x; NULL below 2 values (sample) or 1. */
  Double standardDeviation(boolean sample) {
    BigDecimal variance = exactVariance(sample);
    return variance == null ? null : nonFinite ? Double.NaN : variance.sqrt(PRECISION).doubleValue();
  }

  /** Sample (n - 1) or population (n) variance of x; NULL below 2 values (sample) or 1. */
  Double variance(boolean sample) {
    BigDecimal variance = exactVariance(sample);
    return variance == null ? null : nonFinite ? Double.NaN : variance.doubleValue();
  }

  /** Sample (n - 1) or population (n) covariance of the pairs; NULL below 2 pairs (sample) or 1. */
  Double covariance(boolean sample) {
    if (count == 0 || (sample && count == 1)) {
      return null;
    }
    if (nonFinite) {
      return Double.NaN;
    }
    return centred(sumXY, sumX, sumY).divide(divisor(sample), PRECISION).doubleValue();
  }

  /** The variance of x to 40 digits; null below 2 values (sample) or 1; zero if a value was not finite. */
  private BigDecimal exactVariance(boolean sample) {
    if (count == 0 || (sample && count == 1)) {
      return null;
    }
    return nonFinite ? BigDecimal.ZERO : centred(sumXX, sumX, sumX).divide(divisor(sample), PRECISION);
  }

  /** n(n − 1) for a sample, n² for a population: the centred sums are n times the co-moment's sum. */
  private BigDecimal divisor(boolean sample) {
    BigDecimal n = BigDecimal.valueOf(count);
    return sample ? n.multiply(n.subtract(BigDecimal.ONE)) : n.multiply(n);
  }

  /** Pearson's r of the pairs; NULL without pairs or when x or y is constant (r undefined). */
  Double correlation() {
    if (count == 0) {
      return null;
    }
    if (nonFinite) {
      return Double.NaN;
    }
    BigDecimal sxx = centred(sumXX, sumX, sumX);
    BigDecimal syy = centred(sumYY, sumY, sumY);
    if (sxx.signum() == 0 || syy.signum() == 0) {
      return null;
    }
    BigDecimal denominator = sxx.multiply(syy).sqrt(PRECISION);
    return centred(sumXY, sumX, sumY).divide(denominator, PRECISION).doubleValue();
  }

  /** n·Σab − Σa·Σb, exactly: n² times the population co-moment. */
  private BigDecimal centred(ExactSum sumAB, ExactSum sumA, ExactSum sumB) {
    return BigDecimal.valueOf(count).multiply(sumAB.toBigDecimal()).subtract(sumA.toBigDecimal().multiply(sumB.toBigDecimal()));
  }

  /** Writes the count, the five sums and the non-finite flag. */
  static final class Coder extends CustomCoder<Moments> {
    private static final long serialVersionUID = 1L;
    private static final VarLongCoder COUNT = VarLongCoder.of();
    private static final ExactSum.Coder SUM = new ExactSum.Coder();
    private static final BooleanCoder FLAG = BooleanCoder.of();

    @Override
    public void encode(Moments m, OutputStream out) throws IOException {
      COUNT.encode(m.count, out);
      for (ExactSum sum : new ExactSum[] {m.sumX, m.sumY, m.sumXX, m.sumYY, m.sumXY}) {
        SUM.encode(sum, out);
      }
      FLAG.encode(m.nonFinite, out);
    }

    @Override
    public Moments decode(InputStream in) throws IOException {
      Moments m = new Moments();
      m.count = COUNT.decode(in);
      m.sumX = SUM.decode(in);
      m.sumY = SUM.decode(in);
      m.sumXX = SUM.decode(in);
      m.sumYY = SUM.decode(in);
      m.sumXY = SUM.decode(in);
      m.nonFinite = FLAG.decode(in);
      return m;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
