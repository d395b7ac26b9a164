package org.beamlake.ml;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;
import org.beamlake.ml.ModelArtifact.GroupModel;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;

/**
 * Scores rows with a model: from an artifact read from the lake (any earlier run) or from a fit in
 * the same pipeline. Output rows hold the key columns, the group columns and the model's outputs:
 * {@code prediction} (linear regression); {@code probability} and {@code prediction} 0/1
 * (logistic); {@code cluster} and {@code distance} (k-means, distance in the scaled space).
 *
 * <p>A feature column that is missing or of the wrong type fails when the graph is built. A row
 * with a null feature or group column, a category the model never saw, or a group the model has no
 * coefficients for goes to quarantine with the reason; input rows = scored + quarantined.
 *
 * <pre>{@code
 * ModelArtifact model = ModelArtifact.read(refinedZone, "trend", earlierRunId);
 * RowResult scored = rows.apply(ScoreModel.of(model).withKeyColumns(List.of("REF_AREA", "year")));
 * }</pre>
 */
public final class ScoreModel extends PTransform<PCollection<Row>, RowResult> {
  private final String name;
  private final ModelType type;
  private final FeatureSpec features;
  private final List<String> groupBy;
  private final ModelArtifact loaded;
  private final PCollection<ModelArtifact> fitted;
  private final List<String> keyColumns;

  private ScoreModel(String name, ModelType type, FeatureSpec features, List<String> groupBy,
      ModelArtifact loaded, PCollection<ModelArtifact> fitted, List<String> keyColumns) {
    this.name = name;
    this.type = type;
    this.features = features;
    this.groupBy = List.copyOf(groupBy);
    this.loaded = loaded;
    this.fitted = fitted;
    this.keyColumns = List.copyOf(keyColumns);
  }

  /** Scores with an artifact read from the lake. */
  public static ScoreModel of(ModelArtifact artifact) {
    return new ScoreModel(artifact.name(), artifact.type(), artifact.featureSpec(), artifact.groupBy(),
        artifact, null, List.of());
  }

  /** Scores with the model a fit of this pipeline produces. */
  public static ScoreModel of(FitSettings settings, ModelType type, PCollection<ModelArtifact> fitted) {
    return new ScoreModel(settings.name(), type, settings.features(), settings.groupBy(), null, fitted, List.of());
  }

  /** Columns copied from each input row to its scored row (e.g. its identifiers). */
  public ScoreModel withKeyColumns(List<String> columns) {
    return new ScoreModel(name, type, features, groupBy, loaded, fitted, columns);
  }

  /** The scored rows' schema for an input schema. */
  public Schema outputSchema(Schema input) {
    Schema.Builder schema = Schema.builder();
    List<String> copied = copiedColumns();
    for (String column : copied) {
      schema.addField(input.getField(column));
    }
    switch (type) {
      case LINEAR_REGRESSION:
        return schema.addDoubleField("prediction").build();
      case LOGISTIC_REGRESSION:
        return schema.addDoubleField("probability").addInt32Field("prediction").build();
      default:
        return schema.addInt32Field("cluster").addDoubleField("distance").build();
    }
  }

  private List<String> copiedColumns() {
    List<String> copied = new ArrayList<>(keyColumns);
    groupBy.stream().filter(c -> !copied.contains(c)).forEach(copied::add);
    return copied;
  }

  @Override
  public RowResult expand(PCollection<Row> rows) {
    Schema input = rows.getSchema();
    List<String> problems = new ArrayList<>(features.problems(input));
    for (String column : copiedColumns()) {
      if (!input.hasField(column)) {
        problems.add("key or group column '" + column + "' is missing");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("score model '" + name + "': " + String.join("; ", problems));
    }
    PCollectionView<ModelArtifact> model =
        (fitted != null ? fitted : rows.getPipeline().apply("Model", Create.of(loaded).withCoder(SerializableCoder.of(ModelArtifact.class))))
            .apply("ModelView", View.asSingleton());
    Schema output = outputSchema(input);
    PCollectionTuple scored =
        rows.apply(
            "Score",
            ParDo.of(new ScoreFn(this, output, model))
                .withSideInputs(model)
                .withOutputTags(RowResult.ROWS, TupleTagList.of(RowResult.REJECTS)));
    scored.get(RowResult.ROWS).setRowSchema(output);
    return RowResult.of(scored);
  }

  static final class ScoreFn extends DoFn<Row, Row> {
    private final String rule;
    private final ModelType type;
    private final List<String> checked;
    private final List<String> copied;
    private final Schema output;
    private final PCollectionView<ModelArtifact> model;
    private transient Scorer scorer;

    ScoreFn(ScoreModel spec, Schema output, PCollectionView<ModelArtifact> model) {
      this.rule = "score(" + spec.name + ")";
      this.type = spec.type;
      this.copied = spec.copiedColumns();
      List<String> columns = new ArrayList<>(spec.features.columns());
      columns.addAll(spec.groupBy);
      this.checked = columns;
      this.output = output;
      this.model = model;
    }

    @ProcessElement
    public void process(@Element Row row, ProcessContext context, MultiOutputReceiver out) {
      if (scorer == null) {
        scorer = new Scorer(context.sideInput(model));
      }
      for (String column : checked) {
        if (row.getValue(column) == null) {
          reject(out, row, column + " is null");
          return;
        }
      }
      double[] x;
      try {
        x = scorer.artifact().features().vector(row);
      } catch (FittedFeatures.UnseenCategoryException e) {
        reject(out, row, e.getMessage());
        return;
      }
      Row.Builder scored = Row.withSchema(output);
      copied.forEach(column -> scored.addValue(row.getValue(column)));
      if (type == ModelType.KMEANS) {
        List<List<Double>> centroids = scorer.artifact().centroids();
        int cluster = Scorer.nearest(centroids, x);
        scored.addValues(cluster, Math.sqrt(Scorer.squaredDistance(centroids.get(cluster), x)));
      } else {
        GroupModel group = scorer.group(row);
        if (group == null) {
          reject(out, row, "no fitted model for group " + GroupKey.of(row, scorer.artifact().groupBy()));
          return;
        }
        double margin = Scorer.linear(group, x);
        if (type == ModelType.LINEAR_REGRESSION) {
          scored.addValue(margin);
        } else {
          double probability = Scorer.sigmoid(margin);
          scored.addValues(probability, probability >= 0.5 ? 1 : 0);
        }
      }
      out.get(RowResult.ROWS).output(scored.build());
    }

    private void reject(MultiOutputReceiver out, Row row, String reason) {
      out.get(RowResult.REJECTS).output(QuarantinedRecord.ofRow("ml", rule, reason, row));
    }
  }
}
