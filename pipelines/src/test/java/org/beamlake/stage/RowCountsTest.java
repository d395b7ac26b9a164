package org.beamlake.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.beamlake.quarantine.StepCounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the counts file is read back: labels counted once, labels tallied in parts, mistakes. */
class RowCountsTest {
  @TempDir Path dir;
  private RowCounts counts;
  private Path file;

  @BeforeEach
  void declare() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Integer> rows = p.apply("Rows", Create.of(1, 2).withCoder(VarIntCoder.of()));
    PCollection<KV<String, Long>> parts = p.apply("Parts", Create.of(KV.of(StepCounts.IN, 1L)).withCoder(StepCounts.coder()));
    counts = RowCounts.in(p);
    counts.count("CountRows", "obs/parsed", rows);
    counts.tallied("Join", parts, Map.of(StepCounts.IN, "obs/2-join/in", StepCounts.ROWS, "obs/2-join/out"));
    file = dir.resolve("counts.tsv");
    counts.writeTo(file.toString());
  }

  @Test
  void sumsATalliedLabelsPartsAndReadsAnAbsentLabelAsZero() throws Exception {
    Files.writeString(file, "obs/2-join/in\t3\nobs/parsed\t5\nobs/2-join/in\t2\n");
    assertEquals(Map.of("obs/parsed", 5L, "obs/2-join/in", 5L, "obs/2-join/out", 0L), counts.read());
  }

  @Test
  void refusesALabelCountedOnceThatAppearsTwice() throws Exception {
    Files.writeString(file, "obs/parsed\t5\nobs/parsed\t5\n");
    assertEquals("the row counts " + file + " hold an unexpected line: obs/parsed\t5",
        assertThrows(IllegalStateException.class, () -> counts.read()).getMessage());
  }

  @Test
  void refusesTheSameLabelFromACountAndATally() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    RowCounts twice = RowCounts.in(p);
    twice.count("CountRows", "obs/parsed", p.apply("Rows", Create.of(1).withCoder(VarIntCoder.of())));
    PCollection<KV<String, Long>> parts = p.apply("Parts", Create.of(KV.of(StepCounts.ROWS, 1L)).withCoder(StepCounts.coder()));
    assertEquals("rows counted twice as obs/parsed", assertThrows(IllegalArgumentException.class,
        () -> twice.tallied("Parse", parts, Map.of(StepCounts.ROWS, "obs/parsed"))).getMessage());
  }
}
