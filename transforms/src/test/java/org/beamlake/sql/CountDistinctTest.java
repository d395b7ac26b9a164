package org.beamlake.sql;

import static org.beamlake.sql.Obs.date;
import static org.beamlake.sql.Obs.dec;
import static org.beamlake.sql.Obs.instant;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** COUNT(DISTINCT x) and COUNT_DISTINCT(x) over every column type. */
@ExtendWith(TestPipelineExtension.class)
class CountDistinctTest {
  /** a: in every column two distinct values among three rows, and a row of nulls. */
  private static Obs observations() {
    return new Obs()
        .row("a", 0.0, 1, 5L, dec("1.10"), "x", true, date("2020-01-02"), instant(5))
        .row("a", -0.0, 1, 5L, dec("1.1"), "x", true, date("2020-01-02"), instant(5))
        .row("a", 1.5, 2, 6L, dec("2"), "y", false, date("2020-01-03"), instant(6))
        .row("a")
        .row("one", 1.0, 1, 1L, dec("1"), "x", true, date("2020-01-02"), instant(5))
        .row("nulls").row("nulls");
  }

  @Test
  void countsDistinctNonNullValuesOfEveryType(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "SELECT g, COUNT(DISTINCT d) AS nd, count(distinct i) AS ni, COUNT_DISTINCT(l) AS nl,\n"
            + "  Count_Distinct(m) AS nm, COUNT( DISTINCT s) AS ns, COUNT(DISTINCT b) AS nb,\n"
            + "  COUNT(DISTINCT dt) AS ndt, COUNT(DISTINCT ts) AS nts, COUNT(*) AS n\n"
            + "FROM obs GROUP BY g"));
    Schema s = out.getSchema();
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("a", 2L, 2L, 2L, 2L, 2L, 2L, 2L, 2L, 4L).build(),
        Row.withSchema(s).addValues("one", 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L).build(),
        Row.withSchema(s).addValues("nulls", 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 2L).build());
    p.run();
  }

  @Test
  void worksInHavingAndOverExpressions(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "SELECT g, COUNT(DISTINCT UPPER(s) || CAST(i AS VARCHAR)) AS n FROM obs\n"
            + "GROUP BY g HAVING COUNT(DISTINCT s) > 1"));
    PAssert.that(out).containsInAnyOrder(Row.withSchema(out.getSchema()).addValues("a", 2L).build());
    p.run();
  }
}
