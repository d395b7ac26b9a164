package org.beamlake.quality;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.quarantine.RowResult;
import org.beamlake.schema.ColumnType;

/** Sample observations and the plumbing the rule tests share. */
final class RuleTests {
  static final Schema SCHEMA = Lineage.withLineage(Schema.builder()
      .addNullableField("REF_AREA", FieldType.STRING)
      .addNullableField("INDICATOR", FieldType.STRING)
      .addNullableField("OBS_VALUE", FieldType.DOUBLE)
      .addNullableField("TIME_PERIOD", ColumnType.DATE.fieldType())
      .addNullableField("N", FieldType.INT32)
      .build());

  static final String COLUMNS = "[REF_AREA, INDICATOR, OBS_VALUE, TIME_PERIOD, N]";

  private RuleTests() {}

  /** A row of {@link #SCHEMA} read from {@code obs.csv} at {@code line}. */
  static Row obs(int line, String refArea, String indicator, Double value, String period, Integer n) {
    return Row.withSchema(SCHEMA)
        .addValues(refArea, indicator, value, period == null ? null : LocalDate.parse(period), n, "obs.csv:" + line)
        .build();
  }

  static PCollection<Row> rows(Pipeline p, Row... rows) {
    return rows(p, "Rows", SCHEMA, rows);
  }

  static PCollection<Row> rows(Pipeline p, String name, Schema schema, Row... rows) {
    return p.apply(name, rows.length == 0
        ? Create.empty(org.apache.beam.sdk.values.TypeDescriptors.rows()).withRowSchema(schema)
        : Create.of(Arrays.asList(rows)).withRowSchema(schema));
  }

  static RowResult check(Pipeline p, List<Row> rows, QualityRule... rules) {
    return rows(p, rows.toArray(new Row[0])).apply(CheckRules.of(List.of(rules)));
  }

  /** The committed value of a {@code beamlake.rules} counter, 0 if it was never incremented. */
  static long counter(PipelineResult result, String name) {
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named("beamlake.rules", name)).build());
    long total = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      total += counter.getCommitted();
    }
    return total;
  }

  /** Runs the pipeline, expecting it to fail with {@link QualityRuleFailed}. */
  static QualityRuleFailed runExpectingFailure(TestPipeline p) {
    Pipeline.PipelineExecutionException e = assertThrows(Pipeline.PipelineExecutionException.class, p::run);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof QualityRuleFailed) {
        return (QualityRuleFailed) t;
      }
    }
    throw new AssertionError("expected QualityRuleFailed, got " + e, e);
  }

  /** The message of applying the rules to rows of {@code schema}, which must be refused. */
  static String expandError(TestPipeline p, Schema schema, QualityRule... rules) {
    p.enableAbandonedNodeEnforcement(false);
    PCollection<Row> input = rows(p, "Input", schema);
    return assertThrows(IllegalArgumentException.class,
        () -> input.apply(CheckRules.of(List.of(rules)))).getMessage();
  }
}
