package org.beamlake.combine;

import org.apache.beam.sdk.transforms.CombineWithContext;
import org.apache.beam.sdk.values.PCollectionView;

/** Sums integers and adds a side input's value to each sum: a combine with context, which is never lifted. */
public final class SumPlusSideInputFn extends CombineWithContext.CombineFnWithContext<Integer, int[], Integer> {
  private final PCollectionView<Integer> offset;

  public SumPlusSideInputFn(PCollectionView<Integer> offset) {
    this.offset = offset;
  }

  @Override
  public int[] createAccumulator(CombineWithContext.Context c) {
    return new int[1];
  }

  @Override
  public int[] addInput(int[] sum, Integer value, CombineWithContext.Context c) {
    sum[0] += value;
    return sum;
  }

  @Override
  public int[] mergeAccumulators(Iterable<int[]> sums, CombineWithContext.Context c) {
    int[] merged = new int[1];
    sums.forEach(sum -> merged[0] += sum[0]);
    return merged;
  }

  @Override
  public Integer extractOutput(int[] sum, CombineWithContext.Context c) {
    return sum[0] + c.sideInput(offset);
  }
}
