package org.beamlake.quarantine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RunRowStep} and {@link RowStepRun}: every row to exactly one outcome, each counted. */
@ExtendWith(TestPipelineExtension.class)
class RunRowStepTest {
  static final Schema NUMBERS = Lineage.withLineage(Schema.builder().addField("n", FieldType.INT32).build());

  static Row number(int n, String source) {
    return Row.withSchema(NUMBERS).addValues(n, source).build();
  }

  /** Even numbers times the side input's factor, odd ones rejected, negative ones dropped. */
  static final class Scale implements RowStep {
    private final PCollectionView<Integer> factor;

    Scale(PCollectionView<Integer> factor) {
      this.factor = factor;
    }

    @Override
    public Schema outputSchema() {
      return NUMBERS;
    }

    @Override
    public List<PCollectionView<?>> sideInputs() {
      return List.of(factor);
    }

    @Override
    public Bound bind(SideInputs sideInputs) {
      int by = sideInputs.get(factor);
      return (row, out) -> {
        int n = row.getInt32("n");
        if (n < 0) {
          out.drop();
        } else if (n % 2 == 1) {
          out.reject(QuarantinedRecord.ofRow("scale", null, n + " is odd", row));
        } else {
          out.row(number(n * by, Lineage.of(row)));
        }
      };
    }
  }

  /** Sends every row on, and drops it too. */
  static final class Twice extends Forget {
    @Override
    public Bound bind(SideInputs sideInputs) {
      return (row, out) -> {
        out.row(row);
        out.drop();
      };
    }
  }

  /** Forgets every row. */
  static class Forget implements RowStep {
    @Override
    public Schema outputSchema() {
      return NUMBERS;
    }

    @Override
    public List<PCollectionView<?>> sideInputs() {
      return List.of();
    }

    @Override
    public Bound bind(SideInputs sideInputs) {
      return (row, out) -> { };
    }
  }

  @Test
  void eachRowGoesWhereTheStepSendsItAndIsCountedThere(TestPipeline p) {
    PCollectionView<Integer> factor = p.apply("Factor", Create.of(10)).apply(View.asSingleton());
    RowResult result = p.apply(Create.of(number(2, "n:1"), number(3, "n:2"), number(-4, "n:3"), number(6, "n:4"))
            .withRowSchema(NUMBERS))
        .apply(RunRowStep.of(new Scale(factor)));

    assertEquals(NUMBERS, result.rows().getSchema());
    PAssert.that(result.rows()).containsInAnyOrder(number(20, "n:1"), number(60, "n:4"));
    PAssert.that(result.rejects()).containsInAnyOrder(
        new QuarantinedRecord("scale", null, "3 is odd", "{\"n\":3}", "n:2"));
    PAssert.that(result.counts().apply(Sum.longsPerKey())).containsInAnyOrder(KV.of(StepCounts.IN, 4L),
        KV.of(StepCounts.ROWS, 2L), KV.of(StepCounts.REJECTS, 1L), KV.of(StepCounts.DROPPED, 1L));
    p.run();
  }

  @Test
  void aStepThatGivesARowNoOutcomeFailsNamingTheRow() {
    Pipeline p = Pipeline.create();
    p.apply(Create.of(number(1, "numbers.csv:2")).withRowSchema(NUMBERS)).apply(RunRowStep.of(new Forget()));

    Pipeline.PipelineExecutionException e = assertThrows(Pipeline.PipelineExecutionException.class, p::run);
    assertEquals("Forget gave the row from numbers.csv:2 0 outcomes, where every row has exactly one "
        + "(a row, a reject or a drop)", e.getCause().getMessage());
  }

  @Test
  void aStepThatGivesARowTwoOutcomesFailsNamingTheRow() {
    Pipeline p = Pipeline.create();
    p.apply(Create.of(number(2, "numbers.csv:3")).withRowSchema(NUMBERS)).apply(RunRowStep.of(new Twice()));

    Pipeline.PipelineExecutionException e = assertThrows(Pipeline.PipelineExecutionException.class, p::run);
    assertEquals("Twice gave the row from numbers.csv:3 2 outcomes, where every row has exactly one "
        + "(a row, a reject or a drop)", e.getCause().getMessage());
  }
}
