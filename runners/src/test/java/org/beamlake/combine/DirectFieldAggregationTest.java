package org.beamlake.combine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.beamlake.sql.RunSql;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The schema aggregation Beam SQL builds for a GROUP BY, run through Beam's own input selection
 * and through {@link DirectFieldAggregation}'s: the same accumulators and the same output row.
 */
class DirectFieldAggregationTest {
  private static final Schema SCHEMA = Schema.builder()
      .addStringField("g")
      .addNullableField("d", FieldType.DOUBLE)
      .addNullableField("i", FieldType.INT32)
      .addNullableField("l", FieldType.INT64)
      .addNullableField("m", FieldType.DECIMAL)
      .addNullableField("s", FieldType.STRING)
      .addNullableField("b", FieldType.BOOLEAN)
      .addNullableField("dt", FieldType.logicalType(SqlTypes.DATE))
      .addNullableField("ts", FieldType.DATETIME)
      .build();

  private static final List<Row> ROWS = List.of(
      row("a", 2.5, 3, 40L, "1.10", "x", true, LocalDate.of(2024, 2, 29), 1_000L),
      row("a", -1.0, 7, null, "2", "y", false, LocalDate.of(2023, 1, 1), 5_000L),
      row("a", null, null, 2L, null, null, null, null, null),
      row("a", 4.0, -2, 9L, "0.25", "x", true, LocalDate.of(2025, 12, 31), 3_000L));

  private static Row row(String g, Double d, Integer i, Long l, String m, String s, Boolean b, LocalDate dt, Long ts) {
    return Row.withSchema(SCHEMA)
        .addValues(g, d, i, l, m == null ? null : new BigDecimal(m), s, b, dt, ts == null ? null : new Instant(ts))
        .build();
  }

  /** A Combine.PerKey of a pipeline: its fn and the coder of the values it combines. */
  private record Combined(CombineFn<Row, Object[], Row> fn, SchemaCoder<Row> valueCoder) {}

  private static List<Combined> combines(Pipeline p) {
    List<Combined> combines = new ArrayList<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      @SuppressWarnings("unchecked")
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        if (node.getTransform() instanceof Combine.PerKey<?, ?, ?> combine) {
          PCollection<?> input = (PCollection<?>) node.getInputs().values().iterator().next();
          combines.add(new Combined((CombineFn<Row, Object[], Row>) combine.getFn(),
              (SchemaCoder<Row>) ((KvCoder<?, ?>) input.getCoder()).getValueCoder()));
        }
        return CompositeBehavior.ENTER_TRANSFORM;
      }
    });
    return combines;
  }

  /**
   * Runs the one aggregation of {@code sql} over {@code rows} as Beam does and through {@link
   * DirectFieldAggregation}, which must read {@code directInputs} inputs straight from the row and
   * may attach {@code attachableOutputs} output fields: the same accumulators, byte for byte, and
   * the same output row, whose values (the aggregates; the key is added after) are returned.
   */
  private static List<Object> aggregateBothWays(List<Row> rows, String sql, int directInputs, int attachableOutputs)
      throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple.of(new TupleTag<Row>("obs"), p.apply(Create.of(ROWS).withRowSchema(SCHEMA)))
        .apply(RunSql.query(sql));
    List<Combined> combines = combines(p);
    assertEquals(1, combines.size());
    CombineFn<Row, Object[], Row> beam = combines.get(0).fn();
    CombineFn<Row, Object[], Row> direct = DirectFieldAggregation.of(beam);
    assertInstanceOf(DirectFieldAggregation.class, direct, "Beam's schema aggregation is not as this Beam had it");
    assertEquals(List.of(directInputs, attachableOutputs),
        List.of(((DirectFieldAggregation) direct).directInputs(), ((DirectFieldAggregation) direct).attachableOutputs()));

    // The rows as the aggregation sees them: the query's projection of the table.
    Schema input = combines.get(0).valueCoder().getSchema();
    Coder<Object[]> accumulatorCoder = beam.getAccumulatorCoder(p.getCoderRegistry(), combines.get(0).valueCoder());
    Object[] byBeam = beam.createAccumulator();
    Object[] byDirect = direct.createAccumulator();
    for (Row table : rows) {
      Row row = Row.withSchema(input)
          .addValues(input.getFieldNames().stream().map(name -> (Object) table.getValue(name)).toList()).build();
      byBeam = beam.addInput(byBeam, row);
      byDirect = direct.addInput(byDirect, row);
    }
    assertEquals(List.of(CoderUtils.encodeToBase64(accumulatorCoder, byBeam)),
        List.of(CoderUtils.encodeToBase64(accumulatorCoder, byDirect)));
    Row expected = beam.extractOutput(beam.mergeAccumulators(Collections.singletonList(byBeam)));
    Row actual = direct.extractOutput(direct.mergeAccumulators(Collections.singletonList(byDirect)));
    assertEquals(expected, actual);
    Coder<Row> rowCoder = SchemaCoder.of(expected.getSchema());
    assertEquals(CoderUtils.encodeToBase64(rowCoder, expected), CoderUtils.encodeToBase64(rowCoder, actual));
    return actual.getValues();
  }

  /** Numbers, decimals and strings: every input but COUNT(*)'s read directly, the output row attached. */
  @Test
  void readsInputsAndAttachesOutputsWithTheSameResultAsBeam() throws Exception {
    assertEquals(List.of(4L, 3L, -1.0, 7, 51L, new BigDecimal("2"), "x", 5.5 / 3, 3.0, 2L, true,
            new BigDecimal("1.116666666666666667")),
        aggregateBothWays(ROWS, "SELECT g, COUNT(*) AS n, COUNT(d) AS nd, MIN(d) AS min_d, MAX(i) AS max_i,\n"
            + "  SUM(l) AS sum_l, MAX(m) AS max_m, MIN(s) AS min_s,\n"
            + "  AVG(d) AS avg_d, MEDIAN(i) AS median_i, COUNT(DISTINCT s) AS distinct_s, MAX(b) AS max_b,\n"
            + "  AVG(m) AS avg_m\n"
            + "FROM obs GROUP BY g", 11, 12));
  }

  /** A date and a timestamp among the outputs: the row is built by Beam's builder, as before. */
  @Test
  void buildsOutputsWithDatesAndTimesWithTheSameResultAsBeam() throws Exception {
    assertEquals(List.of(LocalDate.of(2023, 1, 1), new Instant(5_000L), 3L),
        aggregateBothWays(ROWS, "SELECT g, MIN(dt) AS min_dt, MAX(ts) AS max_ts, COUNT(s) AS ns FROM obs GROUP BY g", 3, 1));
  }

  /** No value at all: null outputs in nullable fields, attached. */
  @Test
  void attachesNullOutputs() throws Exception {
    List<Object> expected = new ArrayList<>();
    expected.add(null);
    expected.add(null);
    expected.add(0L);
    assertEquals(expected, aggregateBothWays(List.of(row("a", null, 1, null, null, null, null, null, null)),
        "SELECT g, MIN(d) AS min_d, AVG(m) AS avg_m, COUNT(d) AS nd FROM obs GROUP BY g", 3, 3));
  }

  @Test
  void leavesOtherCombineFnsAsTheyAre() {
    CombineFn<Integer, ?, Integer> sum = Sum.ofIntegers();
    assertSame(sum, DirectFieldAggregation.of(sum));
  }
}
