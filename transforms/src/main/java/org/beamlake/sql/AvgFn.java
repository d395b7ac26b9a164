package org.beamlake.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.beamlake.lake.TableSchemas;

/**
 * {@code AVG(x)}: the mean of the non-null values, NULL when there are none, in the type Beam SQL
 * gives {@code AVG} (the argument's), but computed from the exact sum:
 *
 * <ul>
 *   <li>{@code DOUBLE}: the exact mean correctly rounded (half even); NaN if a value is NaN or if
 *       both infinities occur, else an infinity if one occurs. {@code FLOAT} too, whose average is
 *       a {@code DOUBLE} (as in PostgreSQL): Beam cannot declare a UDAF of {@code FLOAT}.
 *   <li>{@code TINYINT}, {@code SMALLINT}, {@code INT} and {@code BIGINT}: the exact mean
 *       truncated toward zero, as SQL's integer division.
 *   <li>{@code DECIMAL}: the exact mean rounded half even to the 18 decimal places a decimal
 *       column is stored with.
 * </ul>
 *
 * <p>Beam's own {@code AVG} sums into a {@code BigDecimal} (a new one per value), counts in an
 * {@code int} and divides to 10 significant digits, half up; it fails on NaN.
 *
 * <p>As for {@code COUNT_DISTINCT}, one instance is registered per argument type under one name,
 * and Calcite picks the overload of the argument's type; its output type is that type.
 */
final class AvgFn extends CombineFn<Number, AvgFn.Mean, Number> {
  private static final long serialVersionUID = 1L;

  /** The argument types of Beam's AVG, by the Java type Beam maps to each. */
  enum Kind {
    TINYINT(Byte.class),
    SMALLINT(Short.class),
    INTEGER(Integer.class),
    BIGINT(Long.class),
    DOUBLE(Double.class),
    DECIMAL(BigDecimal.class);

    private final Class<? extends Number> javaType;

    Kind(Class<? extends Number> javaType) {
      this.javaType = javaType;
    }
  }

  private final Kind kind;

  private AvgFn(Kind kind) {
    this.kind = kind;
  }

  /** The overload for arguments of {@code kind}. */
  static AvgFn of(Kind kind) {
    return new AvgFn(kind);
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeDescriptor<Number> getInputType() {
    return (TypeDescriptor<Number>) TypeDescriptor.of(kind.javaType);
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeDescriptor<Number> getOutputType() {
    return (TypeDescriptor<Number>) TypeDescriptor.of(kind.javaType);
  }

  @Override
  public Mean createAccumulator() {
    return new Mean();
  }

  @Override
  public Mean addInput(Mean mean, Number value) {
    if (value != null) {
      mean.add(value);
    }
    return mean;
  }

  @Override
  public Mean mergeAccumulators(Iterable<Mean> accumulators) {
    Mean merged = new Mean();
    for (Mean mean : accumulators) {
      merged.merge(mean);
    }
    return merged;
  }

  @Override
  public Number extractOutput(Mean mean) {
    if (mean.count == 0) {
      return null;
    }
    switch (kind) {
      case DOUBLE:
        return mean.nonFinite != 0 ? mean.nonFinite : mean.sum.nearestQuotient(mean.count);
      case DECIMAL:
        BigDecimal decimal = mean.sum.toBigDecimal()
            .divide(BigDecimal.valueOf(mean.count), TableSchemas.DECIMAL_SCALE, RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
      default:
        long truncated = mean.sum.toBigDecimal()
            .divide(BigDecimal.valueOf(mean.count), 0, RoundingMode.DOWN).longValueExact();
        return kind == Kind.BIGINT ? (Number) truncated
            : kind == Kind.INTEGER ? (Number) (int) truncated
            : kind == Kind.SMALLINT ? (Number) (short) truncated
            : (Number) (byte) truncated;
    }
  }

  @Override
  public Coder<Mean> getAccumulatorCoder(CoderRegistry registry, Coder<Number> inputCoder) {
    return new Mean.Coder();
  }

  /** The count, the exact sum of the finite values, and the (floating-point) sum of the others. */
  static final class Mean {
    private long count;
    private ExactSum sum = new ExactSum();
    /** 0 until a NaN or an infinity is added; then their sum: NaN, or the one infinity seen. */
    private double nonFinite;

    void add(Number value) {
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

    void merge(Mean other) {
      count += other.count;
      sum.add(other.sum);
      nonFinite += other.nonFinite;
    }

    /** Writes the count, the sum and the non-finite sum. */
    static final class Coder extends CustomCoder<Mean> {
      private static final long serialVersionUID = 1L;
      private static final VarLongCoder COUNT = VarLongCoder.of();
      private static final ExactSum.Coder SUM = new ExactSum.Coder();
      private static final DoubleCoder DOUBLE = DoubleCoder.of();

      @Override
      public void encode(Mean mean, OutputStream out) throws IOException {
        COUNT.encode(mean.count, out);
        SUM.encode(mean.sum, out);
        DOUBLE.encode(mean.nonFinite, out);
      }

      @Override
      public Mean decode(InputStream in) throws IOException {
        Mean mean = new Mean();
        mean.count = COUNT.decode(in);
        mean.sum = SUM.decode(in);
        mean.nonFinite = DOUBLE.decode(in);
        return mean;
      }

      @Override
      public void verifyDeterministic() {}
    }
  }
}
