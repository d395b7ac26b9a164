package org.beamlake.sql;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/**
 * {@code CORR(x, y)}, {@code COVAR_SAMP(x, y)} and {@code COVAR_POP(x, y)} of the pairs where
 * neither x nor y is null. CORR is Pearson's correlation coefficient: NULL without such pairs, or
 * when x or y is constant over them (so for a single pair). The covariances: NULL below 2 pairs
 * (sample) or without one (population).
 *
 * <p>A Beam UDAF takes one argument, so {@link SqlRewriter} passes the pair as {@code
 * ARRAY[CAST(x AS DOUBLE), CAST(y AS DOUBLE)]}; the input type {@code List<Double>} is what makes
 * Calcite accept an array of doubles. Exact sums, see {@link Moments}.
 */
final class PairFn extends CombineFn<List<Double>, Moments, Double> {
  private static final long serialVersionUID = 1L;

  private enum Statistic { CORRELATION, SAMPLE_COVARIANCE, POPULATION_COVARIANCE }

  private final Statistic statistic;

  private PairFn(Statistic statistic) {
    this.statistic = statistic;
  }

  static PairFn correlation() {
    return new PairFn(Statistic.CORRELATION);
  }

  /** The covariance of a sample (n − 1) or a population (n). */
  static PairFn covariance(boolean sample) {
    return new PairFn(sample ? Statistic.SAMPLE_COVARIANCE : Statistic.POPULATION_COVARIANCE);
  }

  @Override
  public Moments createAccumulator() {
    return new Moments();
  }

  @Override
  public Moments addInput(Moments moments, List<Double> pair) {
    if (pair == null) {
      return moments;
    }
    if (pair.size() != 2) {
      throw new IllegalArgumentException("expected a pair [x, y], got " + pair);
    }
    if (pair.get(0) != null && pair.get(1) != null) {
      moments.addPair(pair.get(0), pair.get(1));
    }
    return moments;
  }

  @Override
  public Moments mergeAccumulators(Iterable<Moments> accumulators) {
    return Moments.mergeAll(accumulators);
  }

  @Override
  public Double extractOutput(Moments moments) {
    switch (statistic) {
      case CORRELATION:
        return moments.correlation();
      case SAMPLE_COVARIANCE:
        return moments.covariance(true);
      default:
        return moments.covariance(false);
    }
  }

  @Override
  public Coder<Moments> getAccumulatorCoder(CoderRegistry registry, Coder<List<Double>> inputCoder) {
    return new Moments.Coder();
  }
}
