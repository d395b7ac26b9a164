package org.beamlake.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.beamlake.lake.ReadTable;
import org.beamlake.lake.TableCommit;
import org.beamlake.lake.TableSchemas;
import org.beamlake.lake.WriteParquet;
import org.beamlake.lake.WriteQuarantine;
import org.beamlake.ml.CheckFeatures;
import org.beamlake.ml.FeatureSpec;
import org.beamlake.ml.FitKMeans;
import org.beamlake.ml.FitLinearRegression;
import org.beamlake.ml.FitLogisticRegression;
import org.beamlake.ml.FitSettings;
import org.beamlake.ml.ModelArtifact;
import org.beamlake.ml.ScoreModel;
import org.beamlake.ml.WriteModel;
import org.beamlake.project.ModelConfig;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.QuarantinedRecordCoder;
import org.beamlake.quarantine.RowResult;

/**
 * ML: each model of the project is fitted on its dataset or table (or, with {@code from_run}, read
 * from an earlier run's artifact), saved as {@code refined/_models/<name>/<run_id>/model.json}, and
 * scores its {@code score} input into the refined table {@code <name>_predictions} (or
 * {@code <name>_clusters}); its metrics go to {@code <name>_metrics}, rows it cannot use to
 * {@code quarantine/<name>/}. All models in one pipeline; the tables are committed after it
 * succeeded, only when every row in is scored or quarantined, and then
 * {@code _models/<name>/latest.json} names the run whose model {@code from_run: latest} reads.
 */
public final class MlStage {
  /** Columns of every {@code <name>_metrics} table. */
  static final Schema METRICS = Schema.builder().addStringField("model").addStringField("run_id")
      .addNullableField("group", Schema.FieldType.STRING).addStringField("metric").addDoubleField("value").build();

  static final String LATEST = "latest.json";

  private MlStage() {}

  /** The graph of one model: what the stage writes and counts. */
  record Built(PCollection<Row> scored, PCollection<Row> metrics, PCollection<QuarantinedRecord> rejects) {}

  public static StageReport run(StageContext ctx) {
    long start = System.currentTimeMillis();
    String startedAt = Instant.now().toString();
    Pipeline p = ctx.newPipeline("ml");
    RowCounts rowCounts = RowCounts.in(p);
    Map<String, PCollection<Row>> read = new LinkedHashMap<>();
    List<String> inputs = new ArrayList<>();
    Map<String, Schema> schemas = new LinkedHashMap<>();
    String refinedZone = refinedZone(ctx);
    Map<String, String> fittedIn = new LinkedHashMap<>();
    BundleWrites inBundles = new BundleWrites(ctx, "refined");
    for (ModelConfig model : ctx.project().models().values()) {
      ModelArtifact loaded = model.fromRun() == null ? null : load(model, refinedZone);
      fittedIn.put(model.name(), loaded == null ? ctx.runId() : loaded.runId());
      Built built = build(model, ctx.runId(), refinedZone, name -> read(ctx, p, name, read, inputs), loaded, rowCounts);
      String table = model.outputTable();
      PCollection<Row> rows = rowCounts.count(table + "/Count", table + "/rows", built.scored());
      schemas.put(table, TableSchemas.normalize(rows.getSchema()));
      // As the trusted and refined writers: the scored rows, as many as the input's, are written by each
      // bundle without a shuffle to one file (one file on the DirectRunner); the metrics are one small file.
      WriteParquet scoredWrite = WriteParquet.to(ctx.lake().staging(ctx.runId(), "refined", table));
      if (ctx.onDirectRunner()) {
        rows.apply(table + "/WriteParquet", scoredWrite);
      } else {
        rows.apply(table + "/WriteParquet", scoredWrite.inBundles(inBundles.directory(table)));
      }
      String metricsTable = model.metricsTable();
      PCollection<Row> metrics = rowCounts.count(metricsTable + "/Count", metricsTable + "/rows", built.metrics());
      schemas.put(metricsTable, TableSchemas.normalize(METRICS));
      metrics.apply(metricsTable + "/WriteParquet",
          WriteParquet.to(ctx.lake().staging(ctx.runId(), "refined", metricsTable)));
      rowCounts.count(model.name() + "/CountQuarantined", model.name() + "/quarantined", built.rejects())
          .apply(model.name() + "/WriteQuarantine",
              WriteQuarantine.to(ctx.lake().staging(ctx.runId(), "quarantine", model.name())));
    }
    rowCounts.writeTo(ctx.lake().staging(ctx.runId(), "counts", "ml") + "counts.tsv");
    p.run().waitUntilFinish();
    inBundles.publish();
    Map<String, Long> counts = new java.util.TreeMap<>(rowCounts.read());
    for (ModelConfig model : ctx.project().models().values()) {
      check(model, counts);
    }
    List<StageReport.Output> outputs = new ArrayList<>();
    for (ModelConfig model : ctx.project().models().values()) {
      for (String table : List.of(model.outputTable(), model.metricsTable())) {
        long rows = get(counts, table + "/rows");
        TableCommit.commit(ctx.lake().staging(ctx.runId(), "refined", table), ctx.lake().refined(table),
            ctx.runId(), rows, TableSchemas.columns(schemas.get(table)), null);
        outputs.add(new StageReport.Output("refined", table, ctx.lake().refined(table), rows));
      }
      long quarantined = get(counts, model.name() + "/quarantined");
      String quarantine = ctx.lake().quarantine(model.name(), ctx.runId());
      TableCommit.commit(ctx.lake().staging(ctx.runId(), "quarantine", model.name()), quarantine, ctx.runId(),
          quarantined, Map.of(), null);
      outputs.add(new StageReport.Output("quarantine", model.name(), quarantine, quarantined));
      String fitRun = fittedIn.get(model.name());
      String artifact = ModelArtifact.directory(refinedZone, model.name(), fitRun).toString();
      if (model.fromRun() == null) {
        writeLatest(refinedZone, model.name(), fitRun);
        outputs.add(new StageReport.Output("refined", "_models/" + model.name(), artifact, 1));
      } else {
        inputs.add(artifact);
      }
    }
    return new StageReport("ml", "succeeded", startedAt, System.currentTimeMillis() - start, inputs, outputs, counts, null);
  }

  /**
   * Builds one model's graph: checks, fit (unless {@code loaded} is given), scoring and metrics.
   * Every mistake a project can make (unknown or mistyped columns) fails here, before any data is
   * read, as a {@link StepFailure} at the model's key; {@code validate} builds the same graph on
   * empty inputs.
   */
  static Built build(ModelConfig model, String runId, String refinedZone, Function<String, PCollection<Row>> input,
      ModelArtifact loaded, RowCounts counts) {
    String name = model.name();
    return StepFailure.at(model.where(), () -> {
      FitSettings settings = settings(model, runId);
      List<PCollection<QuarantinedRecord>> rejects = new ArrayList<>();
      PCollection<ModelArtifact> artifact;
      ScoreModel scoring;
      PCollection<Row> toScore;
      if (loaded == null) {
        PCollection<Row> training = counts.count(name + "/CountTraining", name + "/training", input.apply(model.input()));
        List<String> extra = new ArrayList<>();
        if (model.label() != null) {
          extra.add(model.label());
        }
        List<String> problems = new ArrayList<>(settings.problems(training.getSchema(), model.label()));
        if (!scoresItsInput(model)) {
          problems.addAll(new FeatureSpec(model.features(), model.categorical(), false)
              .problems(input.apply(model.score()).getSchema()).stream().map(x -> "score " + model.score() + ": " + x)
              .toList());
        }
        Schema scored = input.apply(model.score()).getSchema();
        model.keys().stream().filter(k -> !scored.hasField(k)).forEach(k -> problems.add("key column '" + k
            + "' is missing from " + model.score() + " (columns: " + scored.getFieldNames() + ")"));
        if (!problems.isEmpty()) {
          throw new IllegalArgumentException(String.join("; ", problems));
        }
        RowResult usable = training.apply(name + "/Check", CheckFeatures.of(name, settings.columns(extra)));
        rejects.add(counts.count(name + "/CountTrainingQuarantined", name + "/training_quarantined", usable.rejects()));
        PCollection<Row> fitRows = counts.count(name + "/CountUsable", name + "/usable", usable.rows());
        artifact = fit(model, settings, fitRows).apply(name + "/WriteModel", WriteModel.to(refinedZone));
        scoring = ScoreModel.of(settings, model.type(), artifact);
        // Scoring what it was fitted on: the rows already quarantined are not quarantined twice.
        toScore = scoresItsInput(model) ? fitRows : input.apply(model.score());
      } else {
        artifact = input.apply(model.score()).getPipeline().apply(name + "/Model",
            Create.of(loaded).withCoder(SerializableCoder.of(ModelArtifact.class)));
        scoring = ScoreModel.of(loaded);
        toScore = input.apply(model.score());
      }
      toScore = counts.count(name + "/CountScoring", name + "/scoring", toScore);
      RowResult scored = toScore.apply(name + "/Score", scoring.withKeyColumns(model.keys()));
      rejects.add(counts.count(name + "/CountScoreQuarantined", name + "/score_quarantined", scored.rejects()));
      PCollection<Row> metrics = artifact.apply(name + "/Metrics", ParDo.of(new MetricsFn())).setRowSchema(METRICS);
      PCollection<QuarantinedRecord> allRejects = PCollectionList.of(rejects)
          .apply(name + "/Rejects", Flatten.pCollections()).setCoder(QuarantinedRecordCoder.of());
      return new Built(scored.rows(), metrics, allRejects);
    });
  }

  private static long get(Map<String, Long> counts, String label) {
    return counts.getOrDefault(label, 0L);
  }

  static boolean scoresItsInput(ModelConfig model) {
    return model.fromRun() == null && model.score().equals(model.input());
  }

  /** Every row read is used or quarantined, for the fit and for scoring; else nothing is committed. */
  static void check(ModelConfig model, Map<String, Long> counts) {
    String name = model.name();
    long training = get(counts, name + "/training");
    long usable = get(counts, name + "/usable");
    long trainingQuarantined = get(counts, name + "/training_quarantined");
    if (training != usable + trainingQuarantined) {
      throw new IllegalStateException(String.format("model %s: records do not add up: %d training rows read != %d used "
          + "+ %d quarantined; nothing was committed", name, training, usable, trainingQuarantined));
    }
    long scoring = get(counts, name + "/scoring");
    long scored = get(counts, model.outputTable() + "/rows");
    long scoreQuarantined = get(counts, name + "/score_quarantined");
    if (scoring != scored + scoreQuarantined) {
      throw new IllegalStateException(String.format("model %s: records do not add up: %d rows to score read != %d "
          + "scored + %d quarantined; nothing was committed", name, scoring, scored, scoreQuarantined));
    }
  }

  static FitSettings settings(ModelConfig model, String runId) {
    FitSettings settings = FitSettings.of(model.name(), runId,
        new FeatureSpec(model.features(), model.categorical(), model.scale())).withGroupBy(model.groupBy())
        .withSeed(model.seed());
    return model.splitKey() == null ? settings : settings.withSplit(model.splitKey(), model.testFraction(), model.seed());
  }

  static PCollection<ModelArtifact> fit(ModelConfig model, FitSettings settings, PCollection<Row> rows) {
    String name = model.name() + "/Fit";
    switch (model.type()) {
      case LINEAR_REGRESSION:
        return rows.apply(name, FitLinearRegression.of(settings, model.label()).withL2(model.l2()));
      case LOGISTIC_REGRESSION:
        return rows.apply(name, FitLogisticRegression.of(settings, model.label()).withL2(model.l2())
            .withMaxIterations(model.maxIterations()));
      default:
        return rows.apply(name, FitKMeans.of(settings, model.k()).withMaxIterations(model.maxIterations())
            .withTolerance(model.tolerance()));
    }
  }

  /**
   * The artifact {@code from_run} names ({@code latest}: the run {@code latest.json} names), checked
   * against what the project says of the model: a model whose type or features changed since it was
   * fitted is refused rather than scored with the old ones.
   */
  static ModelArtifact load(ModelConfig model, String refinedZone) {
    String run = model.fromRun();
    try {
      if ("latest".equals(run)) {
        String pointer = latestPointer(refinedZone, model.name());
        if (!TableCommit.exists(pointer)) {
          throw new StepFailure(model.where().error("from_run: latest, but no run has fitted model '" + model.name()
              + "' yet (" + pointer + " does not exist); run the ml stage without from_run first"), null);
        }
        run = TableCommit.readJson(pointer, Latest.class).run_id();
      }
      ModelArtifact artifact;
      try {
        artifact = ModelArtifact.read(refinedZone, model.name(), run);
      } catch (IOException e) {
        throw new StepFailure(model.where().error("from_run: " + e.getMessage()), null);
      }
      List<String> problems = new ArrayList<>();
      if (artifact.type() != model.type()) {
        problems.add("type " + artifact.type().typeName() + " (the project says " + model.type().typeName() + ")");
      }
      FeatureSpec fitted = artifact.featureSpec();
      if (!fitted.numeric().equals(model.features()) || !fitted.categorical().equals(model.categorical())) {
        problems.add("features " + fitted.numeric() + (fitted.categorical().isEmpty() ? "" : " and categorical "
            + fitted.categorical()) + " (the project says " + model.features()
            + (model.categorical().isEmpty() ? "" : " and categorical " + model.categorical()) + ")");
      }
      if (!artifact.groupBy().equals(model.groupBy())) {
        problems.add("group_by " + artifact.groupBy() + " (the project says " + model.groupBy() + ")");
      }
      if (!problems.isEmpty()) {
        throw new StepFailure(model.where().error("from_run: the model fitted in run " + run + " has "
            + String.join(", ", problems) + "; fit it again (remove from_run) or restore the project's settings"), null);
      }
      return artifact;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read model '" + model.name() + "' from " + refinedZone, e);
    }
  }

  /**
   * What the run record says of each model: where its artifact is, the run that fitted it, its
   * training rows and metrics (per group for regressions).
   */
  static Map<String, Object> summaries(StageContext ctx) {
    Map<String, Object> summaries = new LinkedHashMap<>();
    String refinedZone = refinedZone(ctx);
    for (ModelConfig model : ctx.project().models().values()) {
      ModelArtifact artifact = model.fromRun() == null
          ? read(refinedZone, model.name(), ctx.runId()) : load(model, refinedZone);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("type", artifact.type().typeName());
      summary.put("fitted_in_run", artifact.runId());
      summary.put("artifact", ModelArtifact.directory(refinedZone, model.name(), artifact.runId()).toString()
          + ModelArtifact.FILE);
      summary.put("training_rows", artifact.trainingRows());
      Map<String, Object> metrics = new java.util.TreeMap<>(artifact.metrics());
      metrics.remove("initial_centroids");
      summary.put("metrics", metrics);
      List<Map<String, Object>> groups = new ArrayList<>();
      for (ModelArtifact.GroupModel group : artifact.groups()) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("group", group.group());
        g.put("training_rows", group.trainingRows());
        g.put("metrics", new java.util.TreeMap<>(group.metrics()));
        if (group.note() != null) {
          g.put("note", group.note());
        }
        groups.add(g);
      }
      summary.put("groups", groups);
      summaries.put(model.name(), summary);
    }
    return summaries;
  }

  private static ModelArtifact read(String refinedZone, String name, String runId) {
    try {
      return ModelArtifact.read(refinedZone, name, runId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code refined/_models/<name>/latest.json}. */
  record Latest(String run_id) {}

  static void writeLatest(String refinedZone, String name, String runId) {
    String pointer = latestPointer(refinedZone, name);
    try {
      TableCommit.writeJson(pointer, new Latest(runId));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + pointer, e);
    }
  }

  static String latestPointer(String refinedZone, String name) {
    return (refinedZone.endsWith("/") ? refinedZone : refinedZone + "/") + "_models/" + name + "/" + LATEST;
  }

  static String refinedZone(StageContext ctx) {
    return ctx.lake().base() + "refined";
  }

  /** A dataset from trusted or a table from refined, read once per pipeline. */
  private static PCollection<Row> read(StageContext ctx, Pipeline p, String name, Map<String, PCollection<Row>> read,
      List<String> inputs) {
    return read.computeIfAbsent(name, n -> {
      String location = ctx.project().datasets().containsKey(n) ? ctx.lake().trusted(n) : ctx.lake().refined(n);
      inputs.add(location);
      return p.apply(n + "/Read", ReadTable.from(location));
    });
  }

  /**
   * A model's metrics as rows: per group for regressions ({@code group} the group's values joined
   * by {@code |}, null for one model), and for k-means the whole model's ({@code cluster_size} once
   * per cluster, {@code group} the cluster's number).
   */
  static final class MetricsFn extends DoFn<ModelArtifact, Row> {
    @ProcessElement
    public void process(@Element ModelArtifact model, OutputReceiver<Row> out) {
      for (ModelArtifact.GroupModel group : model.groups()) {
        String key = group.group().isEmpty() ? null : String.join("|", group.group());
        new java.util.TreeMap<>(group.metrics()).forEach((metric, value) ->
            out.output(Row.withSchema(METRICS).addValues(model.name(), model.runId(), key, metric, value).build()));
      }
      new java.util.TreeMap<>(model.metrics()).forEach((metric, value) -> {
        if (value instanceof Number number) {
          out.output(Row.withSchema(METRICS).addValues(model.name(), model.runId(), null, metric,
              number.doubleValue()).build());
        } else if (value instanceof Boolean flag) {
          out.output(Row.withSchema(METRICS).addValues(model.name(), model.runId(), null, metric,
              flag ? 1.0 : 0.0).build());
        } else if ("cluster_sizes".equals(metric) && value instanceof List<?> sizes) {
          for (int c = 0; c < sizes.size(); c++) {
            out.output(Row.withSchema(METRICS).addValues(model.name(), model.runId(), Integer.toString(c),
                "cluster_size", ((Number) sizes.get(c)).doubleValue()).build());
          }
        }
      });
    }
  }
}
