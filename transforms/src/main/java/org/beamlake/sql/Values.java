package org.beamlake.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * Every non-null value of a group, for exact percentiles: 8 bytes per value that is exactly a
 * double (DOUBLE, INT, small BIGINT), a {@code BigDecimal} for the others (DECIMAL, BIGINT beyond
 * 2^53). Mutable, as Beam allows for accumulators.
 */
final class Values {
  private double[] doubles = new double[8];
  private int doubleCount;
  private final List<BigDecimal> decimals = new ArrayList<>();

  void add(Number value) {
    if (NumericCombineFn.isExactDouble(value)) {
      addDouble(value.doubleValue());
    } else {
      decimals.add(NumericCombineFn.exact(value));
    }
  }

  private void addDouble(double value) {
    if (doubleCount == doubles.length) {
      doubles = Arrays.copyOf(doubles, doubleCount * 2);
    }
    doubles[doubleCount++] = value;
  }

  Values addAll(Values other) {
    for (int i = 0; i < other.doubleCount; i++) {
      addDouble(other.doubles[i]);
    }
    decimals.addAll(other.decimals);
    return this;
  }

  int size() {
    return doubleCount + decimals.size();
  }

  /** The doubles sorted ascending (NaN last, -0.0 before 0.0), if no value needed a decimal. */
  double[] sortedDoubles() {
    double[] sorted = Arrays.copyOf(doubles, doubleCount);
    Arrays.sort(sorted);
    return sorted;
  }

  boolean allDoubles() {
    return decimals.isEmpty();
  }

  /** All values as exact decimals, sorted; only when some value needed a decimal. */
  BigDecimal[] sortedDecimals() {
    BigDecimal[] sorted = new BigDecimal[size()];
    for (int i = 0; i < doubleCount; i++) {
      if (!Double.isFinite(doubles[i])) {
        throw new ArithmeticException("cannot order " + doubles[i] + " among DECIMAL values");
      }
      sorted[i] = new BigDecimal(doubles[i]);
    }
    for (int i = 0; i < decimals.size(); i++) {
      sorted[doubleCount + i] = decimals.get(i);
    }
    Arrays.sort(sorted);
    return sorted;
  }

  /** Writes the count of doubles, the doubles, then the decimals. */
  static final class Coder extends CustomCoder<Values> {
    private static final long serialVersionUID = 1L;
    private static final VarIntCoder COUNT = VarIntCoder.of();
    private static final BigDecimalCoder DECIMAL = BigDecimalCoder.of();

    @Override
    public void encode(Values values, OutputStream out) throws IOException {
      COUNT.encode(values.doubleCount, out);
      DoubleBlocks.write(values.doubles, values.doubleCount, out);
      COUNT.encode(values.decimals.size(), out);
      for (BigDecimal decimal : values.decimals) {
        DECIMAL.encode(decimal, out);
      }
    }

    @Override
    public Values decode(InputStream in) throws IOException {
      Values values = new Values();
      int doubles = COUNT.decode(in);
      values.doubles = DoubleBlocks.read(in, doubles, 8);
      values.doubleCount = doubles;
      int decimals = COUNT.decode(in);
      for (int i = 0; i < decimals; i++) {
        values.decimals.add(DECIMAL.decode(in));
      }
      return values;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
