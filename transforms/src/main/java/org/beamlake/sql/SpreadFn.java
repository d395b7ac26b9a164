package org.beamlake.sql;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;

/**
 * {@code STDDEV_SAMP(x)} (also {@code STDDEV}), {@code STDDEV_POP(x)}, {@code VAR_SAMP(x)} (also
 * {@code VARIANCE}) and {@code VAR_POP(x)} of the non-null values, as a DOUBLE whatever the column
 * type. Sample: NULL for fewer than 2 values; population: NULL for none, 0 for one. Exact sums, see
 * {@link Moments}; NaN if a value is NaN or infinite.
 */
final class SpreadFn extends NumericCombineFn<Moments, Double> {
  private static final long serialVersionUID = 1L;

  private final boolean sample;
  private final boolean root;

  private SpreadFn(boolean sample, boolean root) {
    this.sample = sample;
    this.root = root;
  }

  /** The standard deviation of a sample (n − 1) or a population (n). */
  static SpreadFn stddev(boolean sample) {
    return new SpreadFn(sample, true);
  }

  /** The variance of a sample (n − 1) or a population (n). */
  static SpreadFn variance(boolean sample) {
    return new SpreadFn(sample, false);
  }

  @Override
  public Moments createAccumulator() {
    return new Moments();
  }

  @Override
  public Moments addInput(Moments moments, Number value) {
    if (value != null) {
      moments.add(value);
    }
    return moments;
  }

  @Override
  public Moments mergeAccumulators(Iterable<Moments> accumulators) {
    return Moments.mergeAll(accumulators);
  }

  @Override
  public Double extractOutput(Moments moments) {
    return root ? moments.standardDeviation(sample) : moments.variance(sample);
  }

  @Override
  public Coder<Moments> getAccumulatorCoder(CoderRegistry registry, Coder<Number> inputCoder) {
    return new Moments.Coder();
  }
}
