package org.beamlake.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * The exact sum of doubles, products of doubles and decimals. Doubles and products are kept as a
 * short list of non-overlapping doubles whose sum is exactly the total (Shewchuk's expansions, as
 * in Python's {@code math.fsum}): each addition is a few floating-point operations, where adding
 * to a {@code BigDecimal} first builds the double's exact decimal (about a microsecond). A value
 * the list cannot hold exactly (a decimal, a magnitude near overflow, a product near underflow)
 * turns the sum into a {@code BigDecimal} for good. Either way {@link #toBigDecimal} is the exact
 * total, whatever the order of the additions. Finite values only: NaN and the infinities have no
 * exact value, and callers (the SQL moments, the models' sums) set them aside first.
 */
public final class ExactSum {
  /** Above this magnitude a sum of two components could overflow. */
  private static final double LARGE = 0x1p1000;
  /** Below this magnitude a product's rounding error may not be a double. */
  private static final double TINY = 0x1p-900;
  /** Counts up to this are doubles exactly. */
  private static final long EXACT_COUNT = 1L << 53;

  /** Non-overlapping, in increasing magnitude, zeros left out; null once the sum is a decimal. */
  private double[] partials = new double[4];
  private int size;
  private BigDecimal decimal;

  public void add(double value) {
    if (partials != null && Math.abs(value) < LARGE && (size == 0 || Math.abs(partials[size - 1]) < LARGE)) {
      grow(value);
    } else {
      add(new BigDecimal(value));
    }
  }

  /** Adds {@code a·b} exactly. */
  public void addProduct(double a, double b) {
    if (a == 0 || b == 0) {
      return;
    }
    double product = a * b;
    double magnitude = Math.abs(product);
    if (partials != null && magnitude >= TINY && magnitude < LARGE) {
      add(product);
      add(Math.fma(a, b, -product)); // the product's rounding error, exactly a double here
    } else {
      add(new BigDecimal(a).multiply(new BigDecimal(b)));
    }
  }

  public void add(BigDecimal value) {
    decimal = toBigDecimal().add(value);
    partials = null;
    size = 0;
  }

  public ExactSum add(ExactSum other) {
    if (partials != null && other.partials != null) {
      for (int i = 0; i < other.size; i++) {
        add(other.partials[i]);
      }
    } else {
      add(other.toBigDecimal());
    }
    return this;
  }

  public BigDecimal toBigDecimal() {
    if (partials == null) {
      return decimal;
    }
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < size; i++) {
      total = total.add(new BigDecimal(partials[i]));
    }
    return total;
  }

  /**
   * The double nearest to this sum divided by {@code count}, ties to even: exactly rounded, where
   * {@code toBigDecimal().divide(n, mc).doubleValue()} rounds twice and goes through the decimal's
   * text. A quotient of doubles, then moved while the exact quotient lies beyond its midpoint with a
   * neighbour (each test a few exact additions).
   */
  public double nearestQuotient(long count) {
    if (count <= 0 || count > EXACT_COUNT) {
      throw new IllegalArgumentException("count must be in [1, 2^53], got " + count);
    }
    double q = approximate() / count;
    if (!Double.isFinite(q)) {
      // A decimal sum beyond the doubles' range; the mean of finite doubles is within it.
      q = toBigDecimal().divide(BigDecimal.valueOf(count), MathContext.DECIMAL128).doubleValue();
      q = Double.isInfinite(q) ? Math.copySign(Double.MAX_VALUE, q) : q;
    }
    while (true) {
      double down = Math.nextDown(q);
      double up = Math.nextUp(q);
      if (!Double.isInfinite(down)) {
        int side = sideOfMidpoint(count, down, q);
        if (side < 0 || (side == 0 && !isEven(q))) {
          q = down;
          continue;
        }
      }
      if (!Double.isInfinite(up)) {
        int side = sideOfMidpoint(count, q, up);
        if (side > 0 || (side == 0 && !isEven(q))) {
          q = up;
          continue;
        }
      }
      return q;
    }
  }

  /** The sign of {@code this/count − (a + b)/2}, exactly: the sign of {@code 2·this − a·count − b·count}. */
  private int sideOfMidpoint(long count, double a, double b) {
    ExactSum difference = copy().add(this);
    difference.addProduct(-a, count);
    difference.addProduct(-b, count);
    return difference.signum();
  }

  private static boolean isEven(double value) {
    return (Double.doubleToRawLongBits(value) & 1) == 0;
  }

  /** A sum equal to this one that further additions to either leave the other unchanged. */
  private ExactSum copy() {
    ExactSum copy = new ExactSum();
    if (partials == null) {
      copy.add(decimal);
    } else {
      copy.partials = Arrays.copyOf(partials, Math.max(4, size));
      copy.size = size;
    }
    return copy;
  }

  /** The sign of the exact total: -1, 0 or 1. */
  private int signum() {
    if (partials == null) {
      return decimal.signum();
    }
    // Non-overlapping partials without zeros: the largest decides the sign.
    return size == 0 ? 0 : (int) Math.signum(partials[size - 1]);
  }

  /** The total as a double, within a few units in the last place; infinite for a decimal beyond the doubles' range. */
  private double approximate() {
    if (partials == null) {
      return decimal.doubleValue();
    }
    double total = 0;
    for (int i = 0; i < size; i++) {
      total += partials[i];
    }
    return total;
  }

  /** Shewchuk's grow-expansion: the partials plus {@code x}, each step's rounding error kept. */
  private void grow(double x) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      double y = partials[i];
      if (Math.abs(x) < Math.abs(y)) {
        double t = x;
        x = y;
        y = t;
      }
      double high = x + y;
      double low = y - (high - x);
      if (low != 0) {
        partials[kept++] = low;
      }
      x = high;
    }
    if (x != 0) {
      if (kept == partials.length) {
        partials = Arrays.copyOf(partials, kept * 2);
      }
      partials[kept++] = x;
    }
    size = kept;
  }

  /** A flag, then the partials (count and doubles) or the decimal. */
  public static final class Coder extends CustomCoder<ExactSum> {
    private static final long serialVersionUID = 1L;
    private static final VarIntCoder COUNT = VarIntCoder.of();
    private static final BigDecimalCoder DECIMAL = BigDecimalCoder.of();

    @Override
    public void encode(ExactSum sum, OutputStream out) throws IOException {
      out.write(sum.partials == null ? 1 : 0);
      if (sum.partials == null) {
        DECIMAL.encode(sum.decimal, out);
        return;
      }
      COUNT.encode(sum.size, out);
      DoubleBlocks.write(sum.partials, sum.size, out);
    }

    @Override
    public ExactSum decode(InputStream in) throws IOException {
      ExactSum sum = new ExactSum();
      int flag = in.read();
      if (flag == 1) {
        sum.add(DECIMAL.decode(in));
        return sum;
      }
      if (flag != 0) {
        throw new IOException("not an encoded exact sum: flag " + flag);
      }
      int size = COUNT.decode(in);
      sum.partials = DoubleBlocks.read(in, size, 4);
      sum.size = size;
      return sum;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
