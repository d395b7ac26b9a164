package org.beamlake.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
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
 *   <li>{@code VARCHAR}: each value read as a {@code DOUBLE}, the mean a {@code DOUBLE}; text that
 *       is no number fails the job, naming the text. Calcite casts other arguments (a date, a
 *       boolean) to text for this overload, so they fail the same way when the job runs, where
 *       Beam's AVG refused them when the query was planned.
 * </ul>
 *
 * <p>Beam's own {@code AVG} sums into a {@code BigDecimal} (a new one per value), counts in an
 * {@code int} and divides to 10 significant digits, half up; it fails on NaN.
 *
 * <p>As for {@code COUNT_DISTINCT}, one instance is registered per argument type under one name,
 * and Calcite picks the overload of the argument's type; its output type is that type.
 */
final class AvgFn extends CombineFn<Object, ExactMean, Object> {
  private static final long serialVersionUID = 1L;

  /** The argument types of Beam's AVG, and text: the Java types Beam maps to them, in and out. */
  enum Kind {
    TINYINT(Byte.class, Byte.class),
    SMALLINT(Short.class, Short.class),
    INTEGER(Integer.class, Integer.class),
    BIGINT(Long.class, Long.class),
    DOUBLE(Double.class, Double.class),
    DECIMAL(BigDecimal.class, BigDecimal.class),
    /**
     * Text, read as a DOUBLE as the other functions' arguments are cast; without this overload
     * Calcite would cast text to BIGINT and truncate the mean.
     */
    VARCHAR(String.class, Double.class);

    private final Class<?> inputType;
    private final Class<?> outputType;

    Kind(Class<?> inputType, Class<?> outputType) {
      this.inputType = inputType;
      this.outputType = outputType;
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
  public TypeDescriptor<Object> getInputType() {
    return (TypeDescriptor<Object>) TypeDescriptor.of(kind.inputType);
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeDescriptor<Object> getOutputType() {
    return (TypeDescriptor<Object>) TypeDescriptor.of(kind.outputType);
  }

  @Override
  public ExactMean createAccumulator() {
    return new ExactMean();
  }

  @Override
  public ExactMean addInput(ExactMean mean, Object value) {
    if (value instanceof String text) {
      mean.add(parse(text));
    } else if (value != null) {
      mean.add((Number) value);
    }
    return mean;
  }

  /** Text as a double, as {@code CAST(text AS DOUBLE)} reads it. */
  private static double parse(String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("AVG takes numbers, and '" + text + "' is not one", e);
    }
  }

  @Override
  public ExactMean mergeAccumulators(Iterable<ExactMean> accumulators) {
    ExactMean merged = new ExactMean();
    for (ExactMean mean : accumulators) {
      merged.merge(mean);
    }
    return merged;
  }

  @Override
  public Object extractOutput(ExactMean mean) {
    if (mean.count() == 0) {
      return null;
    }
    switch (kind) {
      case DOUBLE:
      case VARCHAR:
        return mean.nearestDouble();
      case DECIMAL:
        BigDecimal decimal = mean.sum().toBigDecimal()
            .divide(BigDecimal.valueOf(mean.count()), TableSchemas.DECIMAL_SCALE, RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
        return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
      case BIGINT:
        return truncated(mean);
      case INTEGER:
        return (int) truncated(mean);
      case SMALLINT:
        return (short) truncated(mean);
      case TINYINT:
        return (byte) truncated(mean);
      default:
        throw new IllegalStateException("no AVG for " + kind);
    }
  }

  /** The exact mean truncated toward zero; within the arguments' range, as a mean is. */
  private static long truncated(ExactMean mean) {
    return mean.sum().toBigDecimal().divide(BigDecimal.valueOf(mean.count()), 0, RoundingMode.DOWN).longValueExact();
  }

  @Override
  public Coder<ExactMean> getAccumulatorCoder(CoderRegistry registry, Coder<Object> inputCoder) {
    return new ExactMean.Coder();
  }
}
