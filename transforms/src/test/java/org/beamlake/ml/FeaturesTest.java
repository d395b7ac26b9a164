package org.beamlake.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.beamlake.quarantine.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class FeaturesTest {
  static final Schema IN = Schema.builder().addInt64Field("x").addStringField("c").build();
  static final FeatureSpec SPEC = new FeatureSpec(List.of("x"), List.of("c"), true);

  static Row row(long x, String c) {
    return Row.withSchema(IN).addValues(x, c).build();
  }

  @Test
  void scalesWithTheSampleDeviationAndOneHotEncodesDroppingTheLastCategory(TestPipeline p) {
    PCollection<FittedFeatures> fitted =
        p.apply(Create.of(row(1, "a"), row(2, "b"), row(3, "a")).withRowSchema(IN)).apply(FitFeatures.of(SPEC));
    PAssert.thatSingleton(fitted).isEqualTo(new FittedFeatures(
        List.of(new FittedFeatures.Numeric("x", 2.0, 1.0)),
        List.of(new FittedFeatures.Categorical("c", List.of("a", "b")))));
    p.run();
  }

  @Test
  void vectorsAndUnseenCategories() {
    FittedFeatures fitted = new FittedFeatures(List.of(new FittedFeatures.Numeric("x", 2.0, 1.0)),
        List.of(new FittedFeatures.Categorical("c", List.of("a", "b", "d"))));
    assertEquals(List.of("x", "c=a", "c=b"), fitted.names());
    assertArrayEquals(new double[] {1.0, 1.0, 0.0}, fitted.vector(row(3, "a")));
    assertArrayEquals(new double[] {-1.0, 0.0, 0.0}, fitted.vector(row(1, "d")));
    FittedFeatures.UnseenCategoryException unseen =
        assertThrows(FittedFeatures.UnseenCategoryException.class, () -> fitted.vector(row(1, "z")));
    assertEquals("c: category 'z' was not in the training data", unseen.getMessage());
  }

  static final ModelArtifact MODEL = new ModelArtifact(ModelArtifact.FORMAT, "m", ModelType.KMEANS, "run-1", null, List.of(),
        new FittedFeatures(List.of(new FittedFeatures.Numeric("x", 0, 1)),
            List.of(new FittedFeatures.Categorical("c", List.of("a", "b")))),
        List.of("x", "c=a"), Map.of(), 2, List.of(), List.of(List.of(0.0, 1.0), List.of(10.0, 0.0)), Map.of());

  @Test
  void scoringQuarantinesUnseenCategories(TestPipeline p) {
    ModelArtifact model = MODEL;
    RowResult scored = p.apply(Create.of(row(1, "a"), row(9, "b"), row(5, "z")).withRowSchema(IN))
        .apply(ScoreModel.of(model).withKeyColumns(List.of("x")));
    PAssert.that(scored.rows().apply("Values", MapElements.into(TypeDescriptors.strings()).via(r -> r.getValues().toString())))
        .containsInAnyOrder("[1, 0, 1.0]", "[9, 1, 1.0]");
    PAssert.that(scored.rejects().apply("Reasons", MapElements.into(TypeDescriptors.strings()).via(r -> r.reason())))
        .containsInAnyOrder("c: category 'z' was not in the training data");
    p.run();
  }

  @Test
  void scoringAMistypedFeatureFailsBeforeRunning(TestPipeline p) {
    ModelArtifact model = MODEL;
    Schema noC = Schema.builder().addInt64Field("x").addDoubleField("c").build();
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> p.apply("Other", Create.empty(noC)).apply("ScoreOther", ScoreModel.of(model)));
    assertEquals("score model 'm': feature column 'c' must be categorical (string, int, long or boolean), is double",
        missing.getMessage());
    p.enableAbandonedNodeEnforcement(false);
  }

  @Test
  void hashSplitIsStableAndNearTheFraction() {
    long test = 0;
    for (int key = 0; key < 10_000; key++) {
      if (HashSplit.isTest(key, 7, 0.2)) {
        test++;
      }
    }
    assertEquals(2012, test);
    assertEquals(HashSplit.isTest("FR", 7, 0.5), HashSplit.isTest("FR", 7, 0.5));
  }
}
