package org.beamlake.quarantine;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
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
}
