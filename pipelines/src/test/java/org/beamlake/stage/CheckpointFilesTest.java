package org.beamlake.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint's files: bounded in size, and read back to exactly the elements written. */
@ExtendWith(TestPipelineExtension.class)
class CheckpointFilesTest {
  @TempDir Path tmp;

  /** Ten-character elements: 11 bytes each in a file, with the length before them. */
  private static List<String> elements(int n) {
    return IntStream.range(0, n).mapToObj(i -> String.format("element%03d", i)).collect(Collectors.toList());
  }

  @Test
  void aBundleIsWrittenToFilesOfBoundedSizeWhoseNamesAreEmittedOnce(TestPipeline p) throws IOException {
    List<String> elements = elements(100);
    String prefix = tmp.resolve("rows-").toString();
    // A file is closed once it has 100 bytes or more: at 10 elements, 110 bytes.
    PCollection<String> names = p.apply(Create.of(elements).withCoder(StringUtf8Coder.of()))
        .apply(ParDo.of(new Checkpoint.WriteBundles<>(StringUtf8Coder.of(), prefix, 100)));
    PAssert.that(names).satisfies(listed -> {
      List<String> all = new ArrayList<>();
      listed.forEach(all::add);
      assertEquals(all.size(), all.stream().distinct().count(), "a file listed twice: " + all);
      return null;
    });
    p.run().waitUntilFinish();

    List<Path> files;
    try (Stream<Path> written = Files.list(tmp)) {
      files = written.sorted().collect(Collectors.toList());
    }
    // However the runner bundles the 100 elements, no file holds more than 10 of them.
    long total = 0;
    for (Path file : files) {
      assertTrue(Files.size(file) <= 110, file + " has " + Files.size(file) + " bytes");
      total += Files.size(file);
    }
    assertEquals(1100, total);
    assertTrue(files.size() >= 10, "100 elements of 11 bytes need at least 10 files, got " + files.size());
  }

  @Test
  void theFilesReadBackToExactlyTheElementsWritten(TestPipeline p) throws IOException {
    List<String> elements = elements(100);
    String prefix = tmp.resolve("rows-").toString();
    TestPipeline write = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    write.apply(Create.of(elements).withCoder(StringUtf8Coder.of()))
        .apply(ParDo.of(new Checkpoint.WriteBundles<>(StringUtf8Coder.of(), prefix, 100)));
    write.run().waitUntilFinish();
    List<String> files;
    try (Stream<Path> written = Files.list(tmp)) {
      files = written.map(Path::toString).sorted().collect(Collectors.toList());
    }

    PCollection<String> read = p.apply(Create.of(files).withCoder(StringUtf8Coder.of()))
        .apply(ParDo.of(new Checkpoint.ReadFile<>(StringUtf8Coder.of(), null)))
        .setCoder(StringUtf8Coder.of());
    PAssert.that(read).containsInAnyOrder(elements);
    p.run().waitUntilFinish();
  }

  /** Every element's number summed, and the elements counted. */
  static final class SumAndCount extends Combine.CombineFn<String, long[], String> {
    @Override
    public long[] createAccumulator() {
      return new long[2];
    }

    @Override
    public long[] addInput(long[] acc, String element) {
      acc[0] += Long.parseLong(element.substring("element".length()));
      acc[1]++;
      return acc;
    }

    @Override
    public long[] mergeAccumulators(Iterable<long[]> accumulators) {
      long[] merged = new long[2];
      for (long[] acc : accumulators) {
        merged[0] += acc[0];
        merged[1] += acc[1];
      }
      return merged;
    }

    @Override
    public String extractOutput(long[] acc) {
      return acc[0] + " from " + acc[1];
    }
  }

  @Test
  void whatIsCombinedAlongsideTheWriteIsTheCombineOfEveryElementOnce(TestPipeline p) {
    List<String> elements = elements(100);
    String prefix = tmp.resolve("rows-").toString();
    TupleTag<String> names = new TupleTag<>("names");
    TupleTag<long[]> partials = new TupleTag<>("partials");
    // 0 + 1 + ... + 99 = 4950, from 100 elements.
    SumAndCount sumAndCount = new SumAndCount();
    PCollectionTuple written = p.apply(Create.of(elements).withCoder(StringUtf8Coder.of()))
        .apply(ParDo.of(new Checkpoint.WriteBundles<>(StringUtf8Coder.of(), prefix, 100, sumAndCount, partials))
            .withOutputTags(names, TupleTagList.of(partials)));
    PCollection<String> combined = written.get(partials).setCoder(SerializableCoder.of(long[].class))
        .apply(Combine.globally(new Checkpoint.MergePartials<>(sumAndCount, StringUtf8Coder.of())).withoutDefaults());
    PAssert.that(combined).containsInAnyOrder("4950 from 100");
    p.run().waitUntilFinish();
  }
}
