package org.beamlake.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A UDAF over any numeric column that sees each value exactly as stored.
 *
 * <p>Beam derives a UDAF's SQL parameter type from its input type, and only concrete types work
 * ({@code Number} and {@code Object} fail in Calcite's type checks). So this declares DOUBLE, which
 * Calcite accepts for every numeric argument, and Beam then passes the column's own values
 * without a cast: {@code Integer}, {@code Long}, {@code BigDecimal} or {@code Double}. They are
 * converted here without loss. A VARCHAR argument is cast to DOUBLE by Calcite and fails at run
 * time on text that is not a number.
 *
 * <p>Beam hands nulls to a UDAF; every subclass ignores them.
 */
abstract class NumericCombineFn<AccumT, OutputT> extends CombineFn<Number, AccumT, OutputT> {
  private static final long serialVersionUID = 1L;
  private static final long DOUBLE_EXACT_LIMIT = 1L << 53;

  @Override
  @SuppressWarnings("unchecked")
  public TypeDescriptor<Number> getInputType() {
    return (TypeDescriptor<Number>) (TypeDescriptor<?>) TypeDescriptors.doubles();
  }

  /** Whether {@code value} is exactly a double: every int and float, longs up to 2^53. */
  static boolean isExactDouble(Number value) {
    if (value instanceof Double || value instanceof Float || value instanceof Integer
        || value instanceof Short || value instanceof Byte) {
      return true;
    }
    return value instanceof Long && Math.abs(value.longValue()) <= DOUBLE_EXACT_LIMIT;
  }

  /** The exact decimal value of a finite number. */
  static BigDecimal exact(Number value) {
    if (value instanceof BigDecimal) {
      return (BigDecimal) value;
    }
    if (value instanceof Double || value instanceof Float) {
      return new BigDecimal(value.doubleValue());
    }
    if (value instanceof BigInteger) {
      return new BigDecimal((BigInteger) value);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return BigDecimal.valueOf(value.longValue());
    }
    throw new IllegalArgumentException(
        "expected a number, got " + value.getClass().getSimpleName() + " " + value);
  }

  /** NaN and the infinities, which have no exact decimal value. */
  static boolean isNonFinite(Number value) {
    return (value instanceof Double || value instanceof Float) && !Double.isFinite(value.doubleValue());
  }
}
