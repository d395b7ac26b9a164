package org.beamlake.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * What a mean needs, kept exactly: the count of values, the {@link ExactSum} of the finite ones,
 * and the floating-point sum of NaN and the infinities (0 until one is added; then NaN, or the one
 * infinity seen), which is order-independent for them alone. Doubles, floats and integers up to
 * 2^53 are added as doubles, exactly; larger integers and decimals as decimals. Mutable, as Beam
 * allows accumulators to be. Used by SQL's {@code AVG} and by the ETL's mean fills.
 */
public final class ExactMean {
  private long count;
  private ExactSum sum = new ExactSum();
  private double nonFinite;

  /** Adds a non-null number. */
  public void add(Number value) {
    count++;
    if (value instanceof Double || value instanceof Float) {
      double v = value.doubleValue();
      if (Double.isFinite(v)) {
        sum.add(v);
      } else {
        nonFinite += v;
      }
    } else if (NumericCombineFn.isExactDouble(value)) {
      sum.add(value.doubleValue());
    } else {
      sum.add(NumericCombineFn.exact(value));
    }
  }

  /** Adds another mean's values. */
  public void merge(ExactMean other) {
    count += other.count;
    sum.add(other.sum);
    nonFinite += other.nonFinite;
  }

  /** How many values were added. */
  public long count() {
    return count;
  }

  /** The exact sum of the finite values. */
  public ExactSum sum() {
    return sum;
  }

  /**
   * The mean as a double: the one nearest the exact mean (ties to even), or the sum of the
   * non-finite values if there were any; only when {@link #count} is not 0.
   */
  public double nearestDouble() {
    return nonFinite != 0 ? nonFinite : sum.nearestQuotient(count);
  }

  /** The count, the sum, then the non-finite sum. */
  public static final class Coder extends CustomCoder<ExactMean> {
    private static final long serialVersionUID = 1L;
    private static final VarLongCoder COUNT = VarLongCoder.of();
    private static final ExactSum.Coder SUM = new ExactSum.Coder();
    private static final DoubleCoder DOUBLE = DoubleCoder.of();

    @Override
    public void encode(ExactMean mean, OutputStream out) throws IOException {
      COUNT.encode(mean.count, out);
      SUM.encode(mean.sum, out);
      DOUBLE.encode(mean.nonFinite, out);
    }

    @Override
    public ExactMean decode(InputStream in) throws IOException {
      ExactMean mean = new ExactMean();
      mean.count = COUNT.decode(in);
      mean.sum = SUM.decode(in);
      mean.nonFinite = DOUBLE.decode(in);
      return mean;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
