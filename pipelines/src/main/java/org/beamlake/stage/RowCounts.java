package org.beamlake.stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.beamlake.quarantine.RowResult;

/**
 * The row counts a stage checks and records, computed as data in its pipeline rather than read
 * from Beam counters. A counter is incremented by every attempt: on Spark a partition recomputed
 * after its cached copy was evicted, an executor was lost or a task ran speculatively counts its
 * rows again, so counters can refuse a correct run or record wrong numbers. A count that is an
 * element of a PCollection is produced exactly once whatever the runner recomputes.
 *
 * <p>Each counted collection gets a global {@code Count} beside its consumers (combined per
 * partition, so only one number per partition moves); the counts are flattened into one small
 * collection written as {@code label<TAB>count} lines to the stage's staging area, and {@link
 * #read} turns that file into the counts once the pipeline has finished, before anything is
 * committed. A label whose collection was empty reads as 0.
 *
 * <p>A step that counts as it goes ({@link RowResult#counts}: the parsers, the join) is recorded
 * with {@link #tallied} instead, which adds no second reader of its rows: on Spark a collection
 * with two readers is cached whole, and counts beside the ETL's steps cached 4M rows three times
 * over in the benchmark. Those counts come in parts, one per bundle and name, summed when read.
 *
 * <pre>{@code
 * RowCounts counts = RowCounts.in(pipeline);
 * PCollection<Row> parsed = counts.count("orders/CountParsed", "orders/parsed", rows);
 * counts.writeTo(lake.staging(runId, "counts", "etl") + "counts.tsv");
 * pipeline.run().waitUntilFinish();
 * Map<String, Long> n = counts.read();
 * }</pre>
 */
final class RowCounts {
  private final Pipeline pipeline; // null: counting nothing
  private final Map<String, PCollection<KV<String, Long>>> counted = new LinkedHashMap<>();
  /** Every label, in the order declared: the order of {@link #read}. */
  private final Set<String> labels = new LinkedHashSet<>();
  /** Labels whose counts come in parts, one per bundle of the step that counted ({@link #tallied}). */
  private final Set<String> summed = new LinkedHashSet<>();
  private final List<PCollection<KV<String, Long>>> parts = new ArrayList<>();
  private String file;

  private RowCounts(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  static RowCounts in(Pipeline pipeline) {
    return new RowCounts(pipeline);
  }

  /** Counts nothing: for graphs that are only built (validation) or whose counts nobody reads (profiling). */
  static RowCounts none() {
    return new RowCounts(null);
  }

  /**
   * Counts the elements of {@code input} under {@code label} and returns {@code input} itself, so
   * its consumers, coder and schema are those they would be without the count.
   */
  <T> PCollection<T> count(String stepName, String label, PCollection<T> input) {
    if (pipeline == null) {
      return input;
    }
    declare(label);
    PCollection<KV<String, Long>> n = input
        .apply(stepName + "/Count", Combine.globally(Count.<T>combineFn()).withoutDefaults())
        .apply(stepName + "/Label", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via(c -> KV.of(label, c)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    counted.put(label, n);
    return input;
  }

  /**
   * Records what a step counted itself ({@link RowResult#counts}, partial counts per bundle) under
   * the labels {@code names} gives its names, declared in the map's order; names not in {@code
   * names} are left out. Unlike
   * {@link #count}, this adds no reader to the step's rows: on Spark a second reader caches them
   * whole. The parts are summed per label when {@link #read}.
   */
  void tallied(String stepName, PCollection<KV<String, Long>> counts, Map<String, String> names) {
    if (pipeline == null) {
      return;
    }
    names.values().forEach(this::declare);
    summed.addAll(names.values());
    parts.add(counts.apply(stepName + "/Label", ParDo.of(new Relabel(names)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
  }

  private void declare(String label) {
    if (!labels.add(label)) {
      throw new IllegalArgumentException("rows counted twice as " + label);
    }
  }

  /** Renames a step's count names to labels; drops the names without one. */
  private static final class Relabel extends DoFn<KV<String, Long>, KV<String, Long>> {
    private final HashMap<String, String> labels;

    Relabel(Map<String, String> labels) {
      this.labels = new HashMap<>(labels);
    }

    @ProcessElement
    public void process(@Element KV<String, Long> count, OutputReceiver<KV<String, Long>> out) {
      String label = labels.get(count.getKey());
      if (label != null) {
        out.output(KV.of(label, count.getValue()));
      }
    }
  }

  /** Adds the step that writes every count to {@code file} (one file, {@code label<TAB>count} lines). */
  void writeTo(String file) {
    this.file = file;
    if (counted.isEmpty() && parts.isEmpty()) {
      return;
    }
    PCollectionList<KV<String, Long>> all = PCollectionList.empty(pipeline);
    for (PCollection<KV<String, Long>> n : counted.values()) {
      all = all.and(n);
    }
    for (PCollection<KV<String, Long>> n : parts) {
      all = all.and(n);
    }
    all.apply("RowCounts/Flatten", Flatten.pCollections())
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("RowCounts/Format", MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey() + "\t" + kv.getValue()))
        .apply("RowCounts/Write", TextIO.write().to(file).withoutSharding());
  }

  /** The counts the finished pipeline wrote, every counted label present (0 when it saw no rows). */
  Map<String, Long> read() {
    if (file == null) {
      throw new IllegalStateException("the counts were not written: call writeTo before running the pipeline");
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    labels.forEach(label -> counts.put(label, 0L));
    if (labels.isEmpty()) {
      return counts;
    }
    String text;
    try (InputStream in = Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(file, false)))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the row counts " + file, e);
    }
    Set<String> seen = new HashSet<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int tab = line.lastIndexOf('\t');
      String label = tab < 0 ? line : line.substring(0, tab);
      if (!counts.containsKey(label) || !summed.contains(label) && !seen.add(label)) {
        throw new IllegalStateException("the row counts " + file + " hold an unexpected line: " + line);
      }
      counts.merge(label, Long.parseLong(line.substring(tab + 1)), Long::sum);
    }
    return counts;
  }
}
