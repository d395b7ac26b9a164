package org.beamlake.quarantine;

import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class StepCountsTest {
  static final TupleTag<Integer> EVEN = new TupleTag<Integer>("even") {};

  /** Passes even numbers on; counts every number in, and the even ones as rows. */
  static class KeepEven extends DoFn<Integer, Integer> {
    private transient StepCounts counts;

    @StartBundle
    public void start() {
      counts = new StepCounts(List.of(StepCounts.IN, StepCounts.ROWS, StepCounts.DROPPED));
    }

    @ProcessElement
    public void process(@Element Integer n, BoundedWindow window, MultiOutputReceiver out) {
      counts.add(0, window);
      if (n % 2 == 0) {
        out.get(EVEN).output(n);
        counts.add(1, window);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      counts.emit(context);
    }
  }

  @Test
  void countsPerWindowAndLeavesOutWhatItNeverCounted(TestPipeline p) {
    PCollection<Integer> numbers = p
        .apply(Create.timestamped(
            TimestampedValue.of(1, new Instant(0)), TimestampedValue.of(2, new Instant(1)),
            TimestampedValue.of(4, new Instant(2)), TimestampedValue.of(5, new Instant(10_000)),
            TimestampedValue.of(7, new Instant(10_001))))
        .apply(Window.into(FixedWindows.of(Duration.standardSeconds(10))));
    PCollectionTuple out = numbers.apply(ParDo.of(new KeepEven())
        .withOutputTags(EVEN, TupleTagList.of(RowResult.COUNTS)));
    PCollection<KV<String, Long>> summed = out.get(RowResult.COUNTS).setCoder(StepCounts.coder())
        .apply(Sum.longsPerKey());
    IntervalWindow first = new IntervalWindow(new Instant(0), Duration.standardSeconds(10));
    IntervalWindow second = new IntervalWindow(new Instant(10_000), Duration.standardSeconds(10));
    PAssert.that(summed).inWindow(first).containsInAnyOrder(KV.of(StepCounts.IN, 3L), KV.of(StepCounts.ROWS, 2L));
    PAssert.that(summed).inWindow(second).containsInAnyOrder(KV.of(StepCounts.IN, 2L));
    PAssert.that(out.get(EVEN)).containsInAnyOrder(2, 4);
    p.run();
  }
}
