package org.beamlake.sql;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/**
 * {@code CORR(x, y)}: Pearson's correlation coefficient of the pairs where neither x nor y is
 * null. NULL without such pairs, or when x or y is constant over them (so for a single pair).
 *
 * <p>A Beam UDAF takes one argument, so {@link SqlRewriter} passes the pair as {@code
 * ARRAY[CAST(x AS DOUBLE), CAST(y AS DOUBLE)]}; the input type {@code List<Double>} is what makes
 * Calcite accept an array of doubles. Exact sums, see {@link Moments}.
 */
final class CorrFn extends CombineFn<List<Double>, Moments, Double> {
  private static final long serialVersionUID = 1L;

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
    Moments merged = new Moments();
    for (Moments moments : accumulators) {
      merged.merge(moments);
    }
    return merged;
  }

  @Override
  public Double extractOutput(Moments moments) {
    return moments.correlation();
  }

  @Override
  public Coder<Moments> getAccumulatorCoder(CoderRegistry registry, Coder<List<Double>> inputCoder) {
    return new Moments.Coder();
  }
}
