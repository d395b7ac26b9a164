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
 * STDDEV, STDDEV_SAMP and STDDEV_POP against hand-computed values. The expected values are
 * {@link Math#sqrt} of exactly representable variances, which is correctly rounded, as the
 * functions are: doubles are compared exactly.
 */
@ExtendWith(TestPipelineExtension.class)
class StddevTest {
  /**
   * a: 1 2 4 10 (and a null), mean 4.25, squared deviations 10.5625 + 5.0625 + 0.0625 + 33.0625 =
   * 48.75: sample variance 48.75/3 = 16.25, population 48.75/4 = 12.1875. The DECIMAL column holds
   * the same values plus 0.5, which leaves the deviations unchanged.
   */
  private static Obs observations() {
    return new Obs()
        .row("a", 1.0, 1, null, dec("1.5")).row("a", 2.0, 2, null, dec("2.5")).row("a")
        .row("a", 4.0, 4, null, dec("4.5")).row("a", 10.0, 10, null, dec("10.5"))
        .row("one", 5.0, 5, null, dec("5"))
        .row("const", 3.0, 3, null, dec("3")).row("const", 3.0, 3, null, dec("3.00"))
        .row("nulls").row("nulls");
  }

  @Test
  void computesSampleAndPopulationStandardDeviationPerGroup(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "SELECT g, STDDEV_SAMP(d) AS samp_d, STDDEV_POP(d) AS pop_d, STDDEV(d) AS sd_d,\n"
            + "  stddev_samp(i) AS samp_i, Stddev_Pop(i) AS pop_i,\n"
            + "  STDDEV_SAMP(m) AS samp_m, STDDEV_POP(m) AS pop_m\n"
            + "FROM obs GROUP BY g"));
    Schema s = out.getSchema();
    double samp = Math.sqrt(16.25);
    double pop = Math.sqrt(12.1875);
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("a", samp, pop, samp, samp, pop, samp, pop).build(),
        Row.withSchema(s).addValues("one", null, 0.0, null, null, 0.0, null, 0.0).build(),
        Row.withSchema(s).addValues("const", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0).build(),
        Row.withSchema(s).addValues("nulls", null, null, null, null, null, null, null).build());
    p.run();
  }

  /** 1e9 + {1, 2, 3, 4}: the sum-of-squares formula in doubles loses these digits; exact sums do not. */
  @Test
  void staysExactForLargeValuesWithSmallSpread(TestPipeline p) {
    Obs obs = new Obs().column("big", "d", 1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4);
    PCollection<Row> out = obs.in(p).apply(RunSql.query(
        "SELECT g, STDDEV_POP(d) AS pop, STDDEV_SAMP(d) AS samp FROM obs GROUP BY g"));
    // Deviations 1.5 0.5 0.5 1.5: squares sum to 5; population 5/4, sample 5/3.
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(out.getSchema()).addValues("big", Math.sqrt(1.25), Math.sqrt(5.0 / 3)).build());
    p.run();
  }

  @Test
  void givesNullOverNoRowsWithoutGroupBy(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "SELECT STDDEV(d) AS sd, STDDEV_POP(d) AS pop FROM obs WHERE g = 'absent'"));
    PAssert.that(out).containsInAnyOrder(Row.withSchema(out.getSchema()).addValues(null, null).build());
    p.run();
  }
}
