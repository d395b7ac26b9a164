package org.beamlake.stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.beamlake.clean.ColumnProfile;
import org.beamlake.clean.DropColumns;
import org.beamlake.clean.ProfileColumns;
import org.beamlake.lake.ParquetFooters;
import org.beamlake.lake.TableCommit;
import org.beamlake.lake.TableSchemas;
import org.beamlake.lake.WriteParquet;
import org.beamlake.lake.WriteQuarantine;
import org.beamlake.project.DatasetConfig;
import org.beamlake.project.StepConfig;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;

/**
 * ETL: raw into trusted. Parses each dataset's raw files, applies its steps and rules, writes
 * typed Parquet to {@code trusted/<dataset>/} and rejected records to {@code
 * quarantine/<dataset>/run_id=<run>/}, then checks that every record read is accounted for
 * (written + quarantined + dropped by an explicit filter, dedupe or inner join) before committing.
 *
 * <p>Data-dependent steps (drop constant / all-null columns) are resolved first by profiling
 * passes, because a Beam schema must be known when a pipeline is built.
 */
public final class EtlStage {
  private EtlStage() {}

  public static StageReport run(StageContext given) {
    long start = System.currentTimeMillis();
    String startedAt = Instant.now().toString();
    Map<String, RawInputs.Inputs> captures = new LinkedHashMap<>();
    for (DatasetConfig d : given.project().datasets().values()) {
      captures.put(d.name(), RawInputs.find(given, d));
    }
    StageContext ctx = given.withProject(
        SchemaInference.resolve(given.project(), d -> captures.get(d.name()).files(d.files()), given.out()));
    Map<String, DatasetConfig> datasets = ctx.project().datasets();
    List<String> order = BuildOrder.of(datasets);
    Resolution resolved = resolveDataDependentSteps(ctx, order, captures);

    Pipeline p = ctx.newPipeline("etl");
    RowCounts rowCounts = RowCounts.in(p);
    Map<String, PCollection<Row>> built = new HashMap<>();
    Map<String, Schema> schemas = new LinkedHashMap<>();
    BundleWrites inBundles = new BundleWrites(ctx, "trusted");
    Set<String> referenced = new HashSet<>();
    datasets.values().forEach(d -> referenced.addAll(BuildOrder.dependencies(d)));
    for (String name : order) {
      DatasetConfig config = datasets.get(name);
      DatasetBuilder builder = new DatasetBuilder(config, built, resolved.drops(), false, rowCounts);
      // Unless the dataset sets its shards, each bundle writes its own files, without a shuffle; on the
      // DirectRunner, whose bundles (one per bucket of a grouping) say nothing about the data, one file.
      boolean perBundle = config.shards() == 0 && !ctx.onDirectRunner();
      if (perBundle && !referenced.contains(name)) {
        builder.joinInWriter();
      }
      Checkpoint checkpoint = resolved.checkpoints().get(name);
      DatasetBuilder.Built b = checkpoint != null ? builder.fromCheckpoint(p.begin(), checkpoint)
          : builder.fromFiles(p.begin(), captures.get(config.name()).files(config.files()));
      WriteParquet write = WriteParquet.to(ctx.lake().staging(ctx.runId(), "trusted", name));
      PCollection<QuarantinedRecord> rejects = b.rejects();
      if (!perBundle) {
        b.rows().apply(name + "/WriteTrusted", write.withShards(Math.max(1, config.shards())));
      } else {
        String bundles = inBundles.directory(name);
        if (b.tail() == null) {
          b.rows().apply(name + "/WriteTrusted", write.inBundles(bundles));
        } else {
          PCollectionTuple tail = b.rows().apply(name + "/WriteTrusted", write.inBundles(bundles).afterStep(b.tail().step()));
          rejects = builder.afterTail(b, tail.get(RowResult.REJECTS), tail.get(RowResult.COUNTS));
        }
      }
      rowCounts.count(name + "/CountQuarantined", name + "/quarantined", rejects)
          .apply(name + "/WriteQuarantine", WriteQuarantine.to(ctx.lake().staging(ctx.runId(), "quarantine", name)));
      if (b.tail() == null) {
        built.put(name, b.rows());
      }
      schemas.put(name, TableSchemas.normalize(b.schema()));
    }
    rowCounts.writeTo(ctx.lake().staging(ctx.runId(), "counts", "etl") + "counts.tsv");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // What the profiling passes counted before their checkpoints, then what this pipeline counted.
    Map<String, Long> counts = new LinkedHashMap<>(resolved.counts());
    counts.putAll(rowCounts.read());
    inBundles.publish();
    for (String name : order) {
      // The rows written are the rows in the staged files, from their Parquet footers: exact, and
      // a lost shard shows as rows that do not add up.
      counts.put(name + "/written", stagedRows(ctx.lake().staging(ctx.runId(), "trusted", name)));
    }
    for (String name : order) {
      RowAccounting.check(name, datasets.get(name), counts);
    }
    List<StageReport.Output> outputs = new ArrayList<>();
    for (String name : order) {
      long written = counts.get(name + "/written");
      long quarantined = counts.get(name + "/quarantined");
      TableCommit.commit(ctx.lake().staging(ctx.runId(), "trusted", name), ctx.lake().trusted(name), ctx.runId(),
          written, TableSchemas.columns(schemas.get(name)), null);
      TableCommit.commit(ctx.lake().staging(ctx.runId(), "quarantine", name), ctx.lake().quarantine(name, ctx.runId()),
          ctx.runId(), quarantined, Map.of(), null);
      outputs.add(new StageReport.Output("trusted", name, ctx.lake().trusted(name), written));
      outputs.add(new StageReport.Output("quarantine", name, ctx.lake().quarantine(name, ctx.runId()), quarantined));
    }
    List<String> inputs = captures.values().stream().flatMap(i -> i.directories().stream()).distinct()
        .collect(Collectors.toList());
    return new StageReport("etl", "succeeded", startedAt, System.currentTimeMillis() - start, inputs, outputs, counts, null);
  }

  private static long stagedRows(String stagingDir) {
    try {
      return ParquetFooters.rowCount(TableCommit.listFiles(stagingDir));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the Parquet footers under " + stagingDir, e);
    }
  }

  /**
   * What the profiling passes found: the columns each data-dependent step drops, where each
   * profiled dataset continues from, and the rows counted before those checkpoints.
   */
  record Resolution(Map<String, List<String>> drops, Map<String, Checkpoint> checkpoints, Map<String, Long> counts) {}

  /**
   * Runs profiling passes until every drop-constant / drop-null step knows its columns. Each pass
   * builds every dataset up to its first unresolved step, profiles the rows there and keeps them
   * and the rejects so far in a {@link Checkpoint}, from which the next pass or the ETL pipeline
   * continues; the rows counted on the way (parsed, filtered, joined) are counted in the pass. The
   * one profile also decides the data-dependent steps that directly follow it with only column drops
   * between ({@code drop_constant_columns} then {@code drop_null_columns}, say): dropping columns
   * changes no other column's profile, so each later step is decided on the profiles of the columns
   * still there, without another pass over the data.
   */
  static Resolution resolveDataDependentSteps(StageContext ctx, List<String> order,
      Map<String, RawInputs.Inputs> captures) {
    Map<String, DatasetConfig> datasets = ctx.project().datasets();
    Map<String, List<String>> drops = new HashMap<>();
    Map<String, Checkpoint> checkpoints = new HashMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int pass = 1; ; pass++) {
      Pipeline p = ctx.newPipeline("etl-profile-" + pass);
      RowCounts passCounts = RowCounts.in(p);
      Map<String, PCollection<Row>> built = new HashMap<>();
      Map<String, String> profiled = new LinkedHashMap<>();
      Map<String, Checkpoint> kept = new HashMap<>();
      List<String> decided = new ArrayList<>();
      for (String name : order) {
        DatasetConfig config = datasets.get(name);
        if (!built.keySet().containsAll(BuildOrder.dependencies(config))) {
          continue;
        }
        Checkpoint from = checkpoints.get(name);
        boolean stops = DatasetBuilder.firstUnresolved(config, drops, from == null ? 0 : from.step()) >= 0;
        // Only a dataset that stops is counted here: the others are built (for the ones that join them) and counted later.
        DatasetBuilder builder = new DatasetBuilder(config, built, drops, false, stops ? passCounts : RowCounts.none());
        DatasetBuilder.Built b = from != null ? builder.fromCheckpoint(p.begin(), from)
            : builder.fromFiles(p.begin(), captures.get(config.name()).files(config.files()));
        if (b.stoppedAt() < 0) {
          built.put(name, b.rows());
          continue;
        }
        List<DropDecision> run = DropDecision.runFrom(config.steps(), b.stoppedAt());
        String file = ctx.lake().staging(ctx.runId(), "profile", name + "-step" + b.stoppedAt()) + "columns.txt";
        // The rows are profiled as the checkpoint writes them: a profile beside the write would be
        // a second reader, and Spark would cache all the rows first.
        Checkpoint.Kept<List<ColumnProfile>> checkpoint = Checkpoint.write(ctx, name, b.stoppedAt(), b.rows(),
            b.rejects(), ProfileColumns.combineFn(b.rows().getSchema()));
        checkpoint.combined()
            .apply(name + "/Decide", ParDo.of(new DecideDrops(run)))
            .apply(name + "/WriteDecision", TextIO.write().to(file).withoutSharding());
        kept.put(name, checkpoint.checkpoint());
        profiled.put(name, file);
        run.stream().filter(DropDecision::dataDependent)
            .forEach(d -> decided.add(DatasetBuilder.stepKey(name, d.index())));
      }
      if (profiled.isEmpty()) {
        return new Resolution(drops, checkpoints, counts);
      }
      passCounts.writeTo(ctx.lake().staging(ctx.runId(), "counts", "etl-profile-" + pass) + "counts.tsv");
      ctx.out().println("  profiling " + decided + " (columns that depend on the data)");
      p.run().waitUntilFinish();
      profiled.forEach((name, file) -> readDecisions(file).forEach(
          (index, columns) -> drops.put(DatasetBuilder.stepKey(name, index), columns)));
      // No profile means no rows reached the step: nothing can be decided from no data, so
      // nothing is dropped (as a profile of no rows decides).
      decided.forEach(key -> drops.putIfAbsent(key, List.of()));
      counts.putAll(passCounts.read());
      checkpoints.putAll(kept);
    }
  }

  /** The decisions written by {@link DecideDrops}: step index to the columns it drops. */
  private static Map<Integer, List<String>> readDecisions(String file) {
    try (InputStream in = Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(file, false)))) {
      Map<Integer, List<String>> decisions = new LinkedHashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        int equals = line.indexOf('=');
        String columns = line.substring(equals + 1).trim();
        decisions.put(Integer.parseInt(line.substring(0, equals)),
            columns.isEmpty() ? List.of() : Arrays.asList(columns.split(",")));
      }
      return decisions;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("could not read profile " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * One step of a run of column drops that one profile decides: a data-dependent drop (constant or
   * all-null columns, but for {@code keep}) or a drop of named columns between them.
   */
  record DropDecision(int index, Kind kind, List<String> columns) implements Serializable {
    enum Kind { CONSTANT, ALL_NULL, NAMED }

    boolean dataDependent() {
      return kind != Kind.NAMED;
    }

    /**
     * The steps from {@code first} (a data-dependent drop) on, while each is a column drop; ends
     * after the last data-dependent one.
     */
    static List<DropDecision> runFrom(List<StepConfig> steps, int first) {
      List<DropDecision> run = new ArrayList<>();
      int lastDataDependent = first;
      for (int i = first; i < steps.size(); i++) {
        StepConfig step = steps.get(i);
        if (step instanceof StepConfig.DropConstantColumns s) {
          run.add(new DropDecision(i, Kind.CONSTANT, List.copyOf(s.keep())));
          lastDataDependent = i;
        } else if (step instanceof StepConfig.DropNullColumns s) {
          run.add(new DropDecision(i, Kind.ALL_NULL, List.copyOf(s.keep())));
          lastDataDependent = i;
        } else if (step instanceof StepConfig.Drop s) {
          run.add(new DropDecision(i, Kind.NAMED, List.copyOf(s.columns())));
        } else {
          break;
        }
      }
      int end = lastDataDependent;
      return run.stream().filter(d -> d.index() <= end).collect(Collectors.toList());
    }
  }

  /**
   * Turns the column profiles into the columns each step of a run of drops removes, one line
   * {@code <step index>=<column>,<column>} per data-dependent step; each step sees only the columns
   * the steps before it left.
   */
  static final class DecideDrops extends DoFn<List<ColumnProfile>, String> {
    private final List<DropDecision> run;

    DecideDrops(List<DropDecision> run) {
      this.run = List.copyOf(run);
    }

    @ProcessElement
    public void process(@Element List<ColumnProfile> all, OutputReceiver<String> out) {
      Set<String> gone = new HashSet<>();
      for (DropDecision step : run) {
        if (step.kind() == DropDecision.Kind.NAMED) {
          gone.addAll(step.columns());
          continue;
        }
        List<ColumnProfile> left = new ArrayList<>();
        for (ColumnProfile profile : all) {
          if (!gone.contains(profile.name())) {
            left.add(profile);
          }
        }
        Set<String> keep = new HashSet<>(step.columns());
        List<String> drop = step.kind() == DropDecision.Kind.CONSTANT
            ? DropColumns.constant(left, keep)
            : DropColumns.allNull(left, keep);
        gone.addAll(drop);
        out.output(step.index() + "=" + String.join(",", drop));
      }
    }
  }
}
