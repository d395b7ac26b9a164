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
 * VAR_SAMP, VARIANCE, VAR_POP, COVAR_SAMP and COVAR_POP against hand-computed values, compared
 * exactly: each is the double nearest the exact result, as the division of two exact doubles is.
 */
@ExtendWith(TestPipelineExtension.class)
class VarianceTest {
  /**
   * a: d = 1 2 4 10 (and a null), i the same, m the same plus 0.5: squared deviations sum to 48.75,
   * sample variance 16.25, population 12.1875. Pairs (i, l): (1, 2) (2, 4) (4, 7) (10, 11), n = 4,
   * Σi = 17, Σl = 24, Σil = 2 + 8 + 28 + 110 = 148: n·Σil − Σi·Σl = 592 − 408 = 184, so the
   * population covariance is 184/16 = 11.5 and the sample one 184/12 = 46/3.
   */
  private static Obs observations() {
    return new Obs()
        .row("a", 1.0, 1, 2L, dec("1.5")).row("a", 2.0, 2, 4L, dec("2.5")).row("a")
        .row("a", 4.0, 4, 7L, dec("4.5")).row("a", 10.0, 10, 11L, dec("10.5")).row("a", null, null, 3L)
        .row("one", 5.0, 5, 1L, dec("5"))
        .row("nulls").row("nulls", null, 1).row("nulls", null, null, 2L);
  }

  @Test
  void computesSampleAndPopulationVariancesAsDoublesWhateverTheColumnType(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "SELECT g, VAR_SAMP(d) AS samp_d, VAR_POP(d) AS pop_d, VARIANCE(d) AS var_d,\n"
            + "  var_samp(i) AS samp_i, Var_Pop(i) AS pop_i, VAR_POP(m) AS pop_m\n"
            + "FROM obs GROUP BY g"));
    Schema s = out.getSchema();
    // Beam's own VAR_POP of the INT column would be the INT 12.
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("a", 16.25, 12.1875, 16.25, 16.25, 12.1875, 12.1875).build(),
        Row.withSchema(s).addValues("one", null, 0.0, null, null, 0.0, 0.0).build(),
        Row.withSchema(s).addValues("nulls", null, null, null, null, 0.0, null).build());
    p.run();
  }

  @Test
  void computesCovariancesOfTheCompletePairs(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "SELECT g, COVAR_SAMP(i, l) AS samp, covar_pop(i, l) AS pop, COVAR_POP(l, i) AS pop_swapped\n"
            + "FROM obs GROUP BY g"));
    Schema s = out.getSchema();
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("a", 46.0 / 3, 11.5, 11.5).build(),
        Row.withSchema(s).addValues("one", null, 0.0, 0.0).build(),
        Row.withSchema(s).addValues("nulls", null, null, null).build());
    p.run();
  }

  /**
   * 1e9 + {1, 2, 3, 4} against 0 1 2 3: Beam's own functions round every partial result to 10
   * significant digits, fewer than the mean 1000000002.5 has; exact sums keep them all. Deviations
   * 1.5 0.5 0.5 1.5: variance 5/4; covariance with x − 1 the same, so the slope is exactly 1.
   */
  @Test
  void staysExactForLargeValuesWithSmallSpread(TestPipeline p) {
    Obs obs = new Obs().row("big", 1e9 + 1, 0).row("big", 1e9 + 2, 1).row("big", 1e9 + 3, 2).row("big", 1e9 + 4, 3);
    PCollection<Row> out = obs.in(p).apply(RunSql.query(
        "SELECT g, VAR_POP(d) AS pop, VAR_SAMP(d) AS samp, COVAR_POP(d, i) / VAR_POP(i) AS slope\n"
            + "FROM obs GROUP BY g"));
    PAssert.that(out).containsInAnyOrder(Row.withSchema(out.getSchema()).addValues("big", 1.25, 5.0 / 3, 1.0).build());
    p.run();
  }
}
