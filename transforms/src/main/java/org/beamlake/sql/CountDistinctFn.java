package org.beamlake.sql;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SetCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * {@code COUNT_DISTINCT(x)} and {@code COUNT(DISTINCT x)}: the number of distinct non-null values,
 * 0 when there are none. Values equal in SQL count once: DECIMAL {@code 1.10} and {@code 1.1},
 * DOUBLE {@code -0.0} and {@code 0.0}.
 *
 * <p>Exact: the distinct values of a group are held in memory at once.
 *
 * <p>A UDAF needs a concrete SQL parameter type, so one instance is registered per type under
 * the same name and Calcite picks the overload that fits the argument; Beam then passes the
 * column's own values, whatever the overload's declared type (an INT column arrives as {@code
 * Integer} through the BIGINT overload). The accumulator coder is built from the column's coder.
 */
final class CountDistinctFn extends CombineFn<Object, Set<Object>, Long> {
  private static final long serialVersionUID = 1L;

  private final TypeDescriptor<?> declaredType;

  private CountDistinctFn(TypeDescriptor<?> declaredType) {
    this.declaredType = declaredType;
  }

  /** The overload whose SQL parameter type is the one Beam derives from {@code javaType}. */
  static CountDistinctFn declaredAs(Class<?> javaType) {
    return new CountDistinctFn(TypeDescriptor.of(javaType));
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeDescriptor<Object> getInputType() {
    return (TypeDescriptor<Object>) declaredType;
  }

  @Override
  public Set<Object> createAccumulator() {
    return new HashSet<>();
  }

  @Override
  public Set<Object> addInput(Set<Object> distinct, Object value) {
    if (value != null) {
      distinct.add(canonical(value));
    }
    return distinct;
  }

  @Override
  public Set<Object> mergeAccumulators(Iterable<Set<Object>> accumulators) {
    Set<Object> merged = new HashSet<>();
    for (Set<Object> distinct : accumulators) {
      merged.addAll(distinct);
    }
    return merged;
  }

  @Override
  public Long extractOutput(Set<Object> distinct) {
    return (long) distinct.size();
  }

  @Override
  public Coder<Set<Object>> getAccumulatorCoder(CoderRegistry registry, Coder<Object> inputCoder) {
    return SetCoder.of(inputCoder);
  }

  /** One representative per SQL-equal value, of the same Java type (so the column coder fits). */
  static Object canonical(Object value) {
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).stripTrailingZeros();
    }
    if (value instanceof Double && (Double) value == 0.0) {
      return 0.0;
    }
    if (value instanceof Float && (Float) value == 0.0f) {
      return 0.0f;
    }
    return value;
  }
}
