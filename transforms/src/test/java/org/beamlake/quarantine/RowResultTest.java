package org.beamlake.quarantine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class RowResultTest {
  static final Schema SCHEMA =
      Lineage.withLineage(Schema.builder().addNullableField("n", Schema.FieldType.INT32).build());

  static class RejectOdd extends DoFn<Row, Row> {
    @ProcessElement
    public void process(@Element Row row, MultiOutputReceiver out) {
      if (row.getInt32("n") % 2 == 1) {
        out.get(RowResult.REJECTS).output(QuarantinedRecord.ofRow("odd", "even(n)", "n is odd", row));
      } else {
        out.get(RowResult.ROWS).output(row);
      }
    }
  }

  @Test
  void splitsRowsAndRejectsKeepingSourceAndPayload(TestPipeline p) {
    PCollection<Row> in = p.apply(Create.of(
        Row.withSchema(SCHEMA).addValues(1, "a.csv:2").build(),
        Row.withSchema(SCHEMA).addValues(2, "a.csv:3").build()).withRowSchema(SCHEMA));
    RowResult result = RowResult.of(in.apply(ParDo.of(new RejectOdd())
        .withOutputTags(RowResult.ROWS, TupleTagList.of(RowResult.REJECTS))));
    result.rows().setRowSchema(SCHEMA);
    PAssert.that(result.rows()).containsInAnyOrder(Row.withSchema(SCHEMA).addValues(2, "a.csv:3").build());
    PAssert.that(result.rejects()).containsInAnyOrder(
        new QuarantinedRecord("odd", "even(n)", "n is odd", "{\"n\":1}", "a.csv:2"));
    p.run();
  }

  @Test
  void keepsTheCountsOfTheStepThatMadeItButNotOfAChain(TestPipeline p) {
    PCollection<Row> in = p.apply(Create.of(Row.withSchema(SCHEMA).addValues(1, "a.csv:2").build()).withRowSchema(SCHEMA));
    RowResult uncounted = RowResult.of(in.apply("Plain", ParDo.of(new RejectOdd())
        .withOutputTags(RowResult.ROWS, TupleTagList.of(RowResult.REJECTS))));
    assertNull(uncounted.counts());
    assertEquals(Set.of(RowResult.ROWS, RowResult.REJECTS), uncounted.expand().keySet());
    PCollection<KV<String, Long>> counts = p.apply("Counts", Create.of(KV.of(StepCounts.IN, 1L)).withCoder(StepCounts.coder()));
    RowResult counted = RowResult.of(uncounted.rows().setRowSchema(SCHEMA), uncounted.rejects(), counts);
    assertSame(counts, counted.counts());
    assertEquals(Set.of(RowResult.ROWS, RowResult.REJECTS, RowResult.COUNTS), counted.expand().keySet());
    assertNull(counted.thenAll("Same", Filter.by((Row r) -> true)).counts());
    PAssert.that(counted.counts()).containsInAnyOrder(KV.of(StepCounts.IN, 1L));
    p.run();
  }
}
