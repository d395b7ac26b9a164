package org.beamlake.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.beamlake.ml.ModelArtifact.GroupModel;
import org.beamlake.quarantine.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class LinearRegressionTest {
  static final Schema IN =
      Schema.builder().addStringField("g").addNullableField("x", Schema.FieldType.DOUBLE)
          .addInt32Field("y").build();
  static final FitSettings SETTINGS =
      FitSettings.of("trend", "run-1", FeatureSpec.numeric(List.of("x"), false)).withGroupBy(List.of("g"));

  static Row row(String g, Double x, int y) {
    return Row.withSchema(IN).addValues(g, x, y).build();
  }

  static PCollection<Row> rows(TestPipeline p, String name) {
    return p.apply(name,
        Create.of(
                row("A", 0.0, 1), row("A", 1.0, 3), row("A", 2.0, 5), row("A", 4.0, 9),
                row("B", 0.0, 10), row("B", 0.0, 10), row("B", 2.0, 8), row("B", 2.0, 8), row("B", null, 7),
                row("C", 5.0, 1))
            .withRowSchema(IN));
  }

  @Test
  void fitsEachGroupExactlyAndScoresWithQuarantine(TestPipeline p) {
    RowResult usable = rows(p, "Training").apply(CheckFeatures.of("trend", SETTINGS.columns(List.of("y"))));
    PCollection<ModelArtifact> model = usable.rows().apply(FitLinearRegression.of(SETTINGS, "y"));
    PAssert.thatSingleton(model.apply("Groups", MapElements.into(TypeDescriptors.strings()).via(m -> m.groups().toString())))
        .isEqualTo(List.of(
            new GroupModel(List.of("A"), 4, 1.0, List.of(2.0), null,
                new TreeMap<>(Map.of("train_mae", 0.0, "train_r2", 1.0, "train_rmse", 0.0, "train_rows", 4.0))),
            new GroupModel(List.of("B"), 4, 10.0, List.of(-1.0), null,
                new TreeMap<>(Map.of("train_mae", 0.0, "train_r2", 1.0, "train_rmse", 0.0, "train_rows", 4.0))),
            new GroupModel(List.of("C"), 1, 1.0, null,
                "not fitted: the features are constant or collinear in this group (1 rows)", Map.of()))
            .toString());
    PAssert.that(usable.rejects().apply("Rejects", MapElements.into(TypeDescriptors.strings()).via(r -> r.rule() + ": " + r.reason())))
        .containsInAnyOrder("features(trend): x is null");

    RowResult scored = rows(p, "Scoring").apply("Score", ScoreModel.of(SETTINGS, ModelType.LINEAR_REGRESSION, model)
        .withKeyColumns(List.of("x")));
    Schema out = Schema.builder().addNullableField("x", Schema.FieldType.DOUBLE).addStringField("g")
        .addDoubleField("prediction").build();
    PAssert.that(scored.rows()).containsInAnyOrder(
        Row.withSchema(out).addValues(0.0, "A", 1.0).build(),
        Row.withSchema(out).addValues(1.0, "A", 3.0).build(),
        Row.withSchema(out).addValues(2.0, "A", 5.0).build(),
        Row.withSchema(out).addValues(4.0, "A", 9.0).build(),
        Row.withSchema(out).addValues(0.0, "B", 10.0).build(),
        Row.withSchema(out).addValues(0.0, "B", 10.0).build(),
        Row.withSchema(out).addValues(2.0, "B", 8.0).build(),
        Row.withSchema(out).addValues(2.0, "B", 8.0).build());
    PAssert.that(scored.rejects().apply("Reasons", MapElements.into(TypeDescriptors.strings()).via(r -> r.rule() + ": " + r.reason())))
        .containsInAnyOrder("score(trend): x is null", "score(trend): no fitted model for group [\"C\"]");
    p.run();
  }

  @Test
  void missingOrMistypedFeaturesFailBeforeRunning(TestPipeline p) {
    Schema wrong = Schema.builder().addStringField("g").addStringField("x").build();
    PCollection<Row> rows = p.apply(Create.empty(wrong));
    IllegalArgumentException mistyped = assertThrows(IllegalArgumentException.class,
        () -> rows.apply(FitLinearRegression.of(SETTINGS, "y")));
    assertEquals("model 'trend': feature column 'x' must be numeric (int, long, float, double or decimal), is string; "
        + "label column 'y' is missing (columns: [g, x])", mistyped.getMessage());
    p.enableAbandonedNodeEnforcement(false);
  }

  @Test
  void artifactRoundTripsThroughTheLake(@TempDir Path lake) throws Exception {
    ModelArtifact artifact = new ModelArtifact(ModelArtifact.FORMAT, "trend", ModelType.LINEAR_REGRESSION, "run-1",
        "y", List.of("g"),
        new FittedFeatures(List.of(new FittedFeatures.Numeric("x", 1.5, 0.25)),
            List.of(new FittedFeatures.Categorical("c", List.of("a", "b")))),
        List.of("x", "c=a"), Map.of("l2", 0.0), 4,
        List.of(new GroupModel(List.of("A"), 4, 1.0, List.of(2.0, 0.5), null, Map.of("train_rmse", 0.0))),
        List.of(), Map.of());
    String refined = lake.resolve("refined").toString();
    artifact.write(refined);
    ModelArtifact read = ModelArtifact.read(refined, "trend", "run-1");
    assertEquals(artifact.toJson(), read.toJson());
    assertEquals(artifact.groups(), read.groups());
    assertEquals(artifact.features(), read.features());
    IllegalArgumentException wrongFormat = assertThrows(IllegalArgumentException.class,
        () -> ModelArtifact.fromJson("{\"format\": \"other/2\"}", "m.json"));
    assertEquals("m.json: format is 'other/2', expected 'beamlake-model/1'", wrongFormat.getMessage());
  }
}
