package org.beamlake.ml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.beamlake.sql.ExactSum;

/**
 * Element-wise sums of {@code double[]} terms of one length (taken from the first input), exact.
 *
 * <p>Every model here is fitted from sums (sufficient statistics, centroid sums, Newton steps).
 * A double sum depends on the order of additions, which differs between runners and between runs
 * on Spark; an exact sum ({@link ExactSum}: a few doubles whose sum is exactly the total) does not.
 * The output is each sum's exact value as a decimal; the one rounding happens where the fit reads
 * the sums ({@link #toDouble}), so the DirectRunner and Spark fit the same model to the bit. Terms
 * must be finite: callers quarantine or refuse the others first.
 */
final class ExactSums extends CombineFn<double[], ExactSum[], BigDecimal[]> {
  static final MathContext PRECISION = MathContext.DECIMAL128;

  @Override
  public ExactSum[] createAccumulator() {
    return new ExactSum[0];
  }

  private static ExactSum[] zeros(int length) {
    ExactSum[] sums = new ExactSum[length];
    for (int i = 0; i < length; i++) {
      sums[i] = new ExactSum();
    }
    return sums;
  }

  @Override
  public ExactSum[] addInput(ExactSum[] sums, double[] terms) {
    if (terms.length == 0) {
      return sums;
    }
    if (sums.length == 0) {
      sums = zeros(terms.length);
    } else if (terms.length != sums.length) {
      throw new IllegalArgumentException("expected " + sums.length + " terms, got " + terms.length);
    }
    for (int i = 0; i < terms.length; i++) {
      if (terms[i] != 0) {
        sums[i].add(terms[i]);
      }
    }
    return sums;
  }

  @Override
  public ExactSum[] mergeAccumulators(Iterable<ExactSum[]> accumulators) {
    ExactSum[] merged = createAccumulator();
    for (ExactSum[] sums : accumulators) {
      if (sums.length == 0) {
        continue;
      }
      if (merged.length == 0) {
        merged = zeros(sums.length);
      }
      for (int i = 0; i < sums.length; i++) {
        merged[i].add(sums[i]);
      }
    }
    return merged;
  }

  @Override
  public BigDecimal[] extractOutput(ExactSum[] sums) {
    BigDecimal[] totals = new BigDecimal[sums.length];
    for (int i = 0; i < sums.length; i++) {
      totals[i] = sums[i].toBigDecimal();
    }
    return totals;
  }

  @Override
  public Coder<ExactSum[]> getAccumulatorCoder(CoderRegistry registry, Coder<double[]> input) {
    return ArrayCoder.SUMS;
  }

  @Override
  public Coder<BigDecimal[]> getDefaultOutputCoder(CoderRegistry registry, Coder<double[]> input) {
    return ArrayCoder.DECIMALS;
  }

  static double toDouble(BigDecimal value) {
    return value.doubleValue();
  }

  /** A length-prefixed array, each element by {@code element}'s coder. */
  static final class ArrayCoder<T> extends CustomCoder<T[]> {
    static final ArrayCoder<BigDecimal> DECIMALS = new ArrayCoder<>(BigDecimal.class, BigDecimalCoder.of());
    static final ArrayCoder<ExactSum> SUMS = new ArrayCoder<>(ExactSum.class, new ExactSum.Coder());

    private final Class<T> type;
    private final Coder<T> element;

    private ArrayCoder(Class<T> type, Coder<T> element) {
      this.type = type;
      this.element = element;
    }

    @Override
    public void encode(T[] values, OutputStream out) throws IOException {
      VarIntCoder.of().encode(values.length, out);
      for (T value : values) {
        element.encode(value, out);
      }
    }

    @Override
    public T[] decode(InputStream in) throws IOException {
      @SuppressWarnings("unchecked")
      T[] values = (T[]) Array.newInstance(type, VarIntCoder.of().decode(in));
      for (int i = 0; i < values.length; i++) {
        values[i] = element.decode(in);
      }
      return values;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
