package org.beamlake.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.StepCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counts that Spark's recomputation cannot inflate. With the runner's cache off, a collection read
 * by several transforms is computed again for each of them, as it is after a cached partition is
 * evicted or an executor is lost: a Beam counter at that point counts every computation, the
 * {@link RowCounts} count counts each element once.
 */
class RecomputedRowCountsTest {
  static final int ROWS = 1000;

  /** How beamlake counted before: a counter incremented by every element a DoFn processes. */
  static final class CounterFn extends DoFn<Integer, Integer> {
    private final Counter seen = Metrics.counter("test", "seen");

    @ProcessElement
    public void process(@Element Integer n, OutputReceiver<Integer> out) {
      seen.inc();
      out.output(n);
    }
  }

  @Test
  void aCollectionComputedThreeTimesIsCountedOnce(@TempDir Path dir) {
    SparkPipelineOptions options = PipelineOptionsFactory.as(SparkPipelineOptions.class);
    options.setRunner(SparkRunner.class);
    options.setSparkMaster("local[2]");
    options.setCacheDisabled(true);
    Pipeline p = Pipeline.create(options);
    RowCounts counts = RowCounts.in(p);
    PCollection<Integer> numbers = p.apply(Create.of(IntStream.rangeClosed(1, ROWS).boxed().toList())
        .withCoder(VarIntCoder.of()));
    PCollection<Integer> counted = counts.count("CountNumbers", "numbers", numbers.apply(ParDo.of(new CounterFn())));
    counted.apply(MapElements.into(TypeDescriptors.strings()).via(n -> Integer.toString(n)))
        .apply(TextIO.write().to(dir.resolve("all").toString()).withoutSharding());
    PCollection<Integer> even = counts.count("CountEven", "even", counted.apply(Filter.by(n -> n % 2 == 0)));
    even.apply(MapElements.into(TypeDescriptors.strings()).via(n -> Integer.toString(n)))
        .apply(TextIO.write().to(dir.resolve("even").toString()).withoutSharding());
    counts.writeTo(dir.resolve("counts.tsv").toString());
    PipelineResult result = p.run();
    result.waitUntilFinish();

    // Spark computed the numbers four times: for their count, for their write, and through the
    // filter for the even numbers' count and for their write. A counter there, as beamlake used
    // to count, says 4,000 rows were read.
    assertEquals(4L * ROWS, attempted(result, "seen"));
    assertEquals(Map.of("numbers", (long) ROWS, "even", (long) ROWS / 2), counts.read());
  }

  static long attempted(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> counter : result.metrics().queryMetrics(
        MetricsFilter.builder().addNameFilter(MetricNameFilter.named("test", name)).build()).getCounters()) {
      sum += counter.getAttempted();
    }
    return sum;
  }

  /** Counts what it passes on, as the parsers and the join do. */
  static final class TallyFn extends DoFn<Integer, Integer> {
    private transient StepCounts counts;

    @StartBundle
    public void start() {
      counts = new StepCounts(List.of(StepCounts.IN, StepCounts.ROWS));
    }

    @ProcessElement
    public void process(@Element Integer n, BoundedWindow window, MultiOutputReceiver out) {
      counts.add(0, window);
      if (n % 3 != 0) {
        out.get(KEPT).output(n);
        counts.add(1, window);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      counts.emit(context);
    }
  }

  static final TupleTag<Integer> KEPT = new TupleTag<Integer>("kept") {};

  @Test
  void countsAStepTalliedItselfAreSummedOverItsBundlesOnSpark(@TempDir Path dir) {
    SparkPipelineOptions options = PipelineOptionsFactory.as(SparkPipelineOptions.class);
    options.setRunner(SparkRunner.class);
    options.setSparkMaster("local[2]");
    Pipeline p = Pipeline.create(options);
    RowCounts counts = RowCounts.in(p);
    PCollectionTuple out = p
        .apply(Create.of(IntStream.rangeClosed(1, ROWS).boxed().toList()).withCoder(VarIntCoder.of()))
        .apply(Reshuffle.viaRandomKey())
        .apply(ParDo.of(new TallyFn()).withOutputTags(KEPT, TupleTagList.of(RowResult.COUNTS)));
    PCollection<KV<String, Long>> parts = out.get(RowResult.COUNTS).setCoder(StepCounts.coder());
    counts.tallied("Tally", parts, Map.of(StepCounts.IN, "tally/in", StepCounts.ROWS, "tally/kept"));
    out.get(KEPT).setCoder(VarIntCoder.of())
        .apply(MapElements.into(TypeDescriptors.strings()).via(n -> Integer.toString(n)))
        .apply(TextIO.write().to(dir.resolve("kept").toString()).withoutSharding());
    parts.apply(MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey()))
        .apply(TextIO.write().to(dir.resolve("parts").toString()).withoutSharding());
    counts.writeTo(dir.resolve("counts.tsv").toString());
    p.run().waitUntilFinish();

    assertEquals(Map.of("tally/in", (long) ROWS, "tally/kept", (long) ROWS - ROWS / 3), counts.read());
    // More than one bundle counted: the parts were summed, not one total passed through.
    assertTrue(lines(dir.resolve("parts")).stream().filter(StepCounts.IN::equals).count() > 1, lines(dir.resolve("parts")).toString());
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
