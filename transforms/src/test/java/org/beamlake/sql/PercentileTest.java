package org.beamlake.sql;

import static org.beamlake.sql.Obs.dec;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MEDIAN and PERCENTILE against hand-computed values. Results are exact (the exact value rounded
 * once to a double), so doubles are compared exactly.
 */
@ExtendWith(TestPipelineExtension.class)
class PercentileTest {
  /**
   * even: 10, 1, null, 4, 2 sorted 1 2 4 10. Median (2+4)/2 = 3; p=0.9: h = 0.9*3 = 2.7, 4 + 0.7*6
   * = 8.2; p=0.25: h = 0.75, 1 + 0.75*1 = 1.75. odd: 3.5, -1.25, 2 sorted -1.25 2 3.5. Median 2;
   * p=0.9: h = 0.9*2 = 1.8, 2 + 0.8*1.5 = 3.2; p=0.25: h = 0.5, -1.25 + 0.5*3.25 = 0.375.
   */
  private static Obs observations() {
    return new Obs()
        .row("even", 10.0, 10).row("even", 1.0, 1).row("even").row("even", 4.0, 4).row("even", 2.0, 2)
        .row("odd", 3.5, 3).row("odd", -1.25, -1).row("odd", 2.0, 2)
        .row("one", 5.5, 5)
        .row("nulls").row("nulls");
  }

  @Test
  void computesMedianAndPercentilesOfDoublesPerGroup(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "SELECT g, MEDIAN(d) AS med, PERCENTILE(d, 0.9) AS p90, percentile(d, 0.25) AS p25,\n"
            + "  PERCENTILE(d, 0) AS p0, PERCENTILE(d, 1) AS p100\n"
            + "FROM obs GROUP BY g"));
    Schema s = out.getSchema();
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("even", 3.0, 8.2, 1.75, 1.0, 10.0).build(),
        Row.withSchema(s).addValues("odd", 2.0, 3.2, 0.375, -1.25, 3.5).build(),
        Row.withSchema(s).addValues("one", 5.5, 5.5, 5.5, 5.5, 5.5).build(),
        Row.withSchema(s).addValues("nulls", null, null, null, null, null).build());
    p.run();
  }

  /** INT values 10 1 4 2 / 3 -1 2: odd p=0.9 is 2 + 0.8*1 = 2.8, p=0.25 is -1 + 0.5*3 = 0.5. Results are DOUBLE. */
  @Test
  void computesMedianAndPercentilesOfIntegersAsDoubles(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "SELECT g, median(i) AS med, Percentile(i, 0.9) AS p90, PERCENTILE(i, 0.25) AS p25 FROM obs GROUP BY g"));
    Schema s = out.getSchema();
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("even", 3.0, 8.2, 1.75).build(),
        Row.withSchema(s).addValues("odd", 2.0, 2.8, 0.5).build(),
        Row.withSchema(s).addValues("one", 5.0, 5.0, 5.0).build(),
        Row.withSchema(s).addValues("nulls", null, null, null).build());
    p.run();
  }

  /**
   * DECIMAL 0.1 0.2 0.4 1.0: median (0.2+0.4)/2 = 0.3 exactly (in doubles it would be
   * 0.30000000000000004); p=0.9: 0.4 + 0.7*0.6 = 0.82. BIGINT 7, 9: median 8.
   */
  @Test
  void computesDecimalAndBigintPercentilesExactly(TestPipeline p) {
    Obs obs = new Obs().column("dec", "m", dec("1.0"), dec("0.2"), dec("0.4"), dec("0.1"))
        .column("long", "l", 9L, 7L);
    PCollection<Row> out = obs.in(p).apply(RunSql.query(
        "SELECT g, MEDIAN(m) AS med_m, PERCENTILE(m, 0.9) AS p90_m, MEDIAN(l) AS med_l FROM obs GROUP BY g"));
    Schema s = out.getSchema();
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("dec", 0.3, 0.82, null).build(),
        Row.withSchema(s).addValues("long", null, null, 8.0).build());
    p.run();
  }

  @Test
  void givesNullOverNoRowsWithoutGroupBy(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "SELECT MEDIAN(d) AS med, PERCENTILE(d, 0.5) AS p50, COUNT(*) AS n FROM obs WHERE g = 'absent'"));
    PAssert.that(out).containsInAnyOrder(Row.withSchema(out.getSchema()).addValues(null, null, 0L).build());
    p.run();
  }

  /** a: 1 2 → median 1.5, p=0.9 1.9, population stddev 0.5, 2 distinct. b: one value 7. */
  @Test
  void worksAsAWindowFunction(TestPipeline p) {
    PCollection<Row> out = new Obs().row("a", 1.0, 1, null, null, "x").row("a", 2.0, 2, null, null, "y")
        .row("b", 7.0, 1).in(p).apply(RunSql.query(
            "SELECT g, i, MEDIAN(d) OVER (PARTITION BY g) AS med,\n"
                + "  PERCENTILE(d, 0.9) OVER (PARTITION BY g) AS p90,\n"
                + "  STDDEV_POP(d) OVER (PARTITION BY g) AS sd,\n"
                + "  COUNT(DISTINCT s) OVER (PARTITION BY g) AS n\n"
                + "FROM obs"));
    Schema s = out.getSchema();
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("a", 1, 1.5, 1.9, 0.5, 2L).build(),
        Row.withSchema(s).addValues("a", 2, 1.5, 1.9, 0.5, 2L).build(),
        Row.withSchema(s).addValues("b", 1, 7.0, 7.0, 0.0, 0L).build());
    p.run();
  }
}
