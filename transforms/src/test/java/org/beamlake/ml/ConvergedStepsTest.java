package org.beamlake.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.beamlake.ml.ModelArtifact.GroupModel;
import org.beamlake.sql.ExactSum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A converged iteration's terms step emits one empty array, never nothing, so that the global sum
 * after it is never over an empty collection (see {@link SkippedTerms}); the sums ignore it.
 */
@ExtendWith(TestPipelineExtension.class)
class ConvergedStepsTest {
  static final Schema IN = Schema.builder().addDoubleField("x").addInt32Field("y").build();

  static PCollection<String> sums(PCollection<double[]> terms) {
    return terms.apply("Sum", Combine.globally(new ExactSums()))
        .apply("ShowSums", MapElements.into(TypeDescriptors.strings()).via(Arrays::toString));
  }

  PCollection<String> kMeansStep(TestPipeline p, boolean converged, String label) {
    PCollection<double[]> point = p.apply(label + "Point", Create.of(List.of(new double[] {1, 2})).withCoder(DoublesCoder.INSTANCE));
    PCollectionView<KMeansState> state = p
        .apply(label + "State", Create.of(new KMeansState(List.of(new double[] {0, 0}, new double[] {5, 5}), 3, converged))
            .withCoder(KMeansStateCoder.INSTANCE))
        .apply(label + "View", View.asSingleton());
    return point.apply(label + "Assign", ParDo.of(new FitKMeans.AssignFn(state, false)).withSideInputs(state))
        .setCoder(DoublesCoder.INSTANCE)
        .apply(label + "Terms", MapElements.into(TypeDescriptors.strings()).via(Arrays::toString));
  }

  @Test
  void aConvergedKMeansStepEmitsOneEmptyArrayAndAnOpenOneItsTerms(TestPipeline p) {
    PAssert.that(kMeansStep(p, true, "Converged")).containsInAnyOrder("[]");
    // cluster 0 (nearest of the two): count 1, the point, then d² = 5; cluster 1's slots stay 0
    PAssert.that(kMeansStep(p, false, "Open")).containsInAnyOrder("[1.0, 1.0, 2.0, 0.0, 0.0, 0.0, 5.0]");
    p.run().waitUntilFinish();
  }

  @Test
  void aConvergedNewtonStepEmitsOneEmptyArrayWhichSumsToNothing(TestPipeline p) {
    PCollection<Row> rows = p.apply("Rows", Create.of(Row.withSchema(IN).addValues(1.0, 1).build(),
        Row.withSchema(IN).addValues(3.0, 0).build()).withRowSchema(IN));
    PCollectionView<FittedFeatures> features =
        rows.apply("Features", FitFeatures.of(FeatureSpec.numeric(List.of("x"), false))).apply("FeaturesView", View.asSingleton());
    PCollectionView<GroupModel> model = p
        .apply("Model", Create.of(new GroupModel(List.of(), 2, 0.5, List.of(-0.25), "converged", Map.of()))
            .withCoder(SerializableCoder.of(GroupModel.class)))
        .apply("ModelView", View.asSingleton());
    PCollection<double[]> terms = rows
        .apply("Terms", ParDo.of(new FitLogisticRegression.NewtonTermsFn("y", features, model)).withSideInputs(features, model))
        .setCoder(DoublesCoder.INSTANCE);
    // at least one empty array (one per bundle the DirectRunner makes of the two rows), nothing else
    PAssert.that(terms.apply("Lengths", MapElements.into(TypeDescriptors.integers()).via(t -> t.length)))
        .satisfies(lengths -> {
          long empty = 0;
          for (int length : lengths) {
            if (length != 0) {
              throw new AssertionError("a converged step emitted terms of length " + length);
            }
            empty++;
          }
          if (empty == 0) {
            throw new AssertionError("a converged step emitted nothing");
          }
          return null;
        });
    PAssert.thatSingleton(sums(terms)).isEqualTo("[]");
    p.run().waitUntilFinish();
  }

  @Test
  void exactSumsIgnoreEmptyTerms() {
    ExactSums sums = new ExactSums();
    ExactSum[] s = sums.addInput(sums.createAccumulator(), new double[0]);
    s = sums.addInput(s, new double[] {1, 0.5});
    s = sums.addInput(s, new double[0]);
    s = sums.addInput(s, new double[] {2, 0.25});
    assertArrayEquals(new BigDecimal[] {new BigDecimal("3"), new BigDecimal("0.75")}, sums.extractOutput(s));
    assertArrayEquals(new BigDecimal[0], sums.extractOutput(sums.addInput(sums.createAccumulator(), new double[0])));
  }
}
