package org.beamlake.sql;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The workarounds given in docs/sql.md for what Beam SQL lacks, run as written there. */
@ExtendWith(TestPipelineExtension.class)
class WorkaroundsTest {
  /** Values d at times i (an INT: Beam SQL cannot group or join on DOUBLE keys). */
  private static Obs observations() {
    return new Obs().row("a", 4.0, 3).row("a", 1.0, 1).row("a", 10.0, 4).row("a", 2.0, 2).row("b", 7.0, 1);
  }

  /** LAG(d) OVER (PARTITION BY g ORDER BY i): find the previous time, then join to its row. */
  @Test
  void lagIsASelfJoinOnThePreviousKey(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "WITH previous AS (\n"
            + "  SELECT cur.g, cur.i, MAX(CASE WHEN earlier.i < cur.i THEN earlier.i END) AS previous_i\n"
            + "  FROM obs AS cur JOIN obs AS earlier ON cur.g = earlier.g\n"
            + "  GROUP BY cur.g, cur.i)\n"
            + "SELECT previous.g, previous.i, cur.d, earlier.d AS previous_d\n"
            + "FROM previous\n"
            + "JOIN obs AS cur ON previous.g = cur.g AND previous.i = cur.i\n"
            + "LEFT JOIN obs AS earlier ON previous.g = earlier.g AND previous.previous_i = earlier.i"));
    Schema s = out.getSchema();
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("a", 1, 1.0, null).build(),
        Row.withSchema(s).addValues("a", 2, 2.0, 1.0).build(),
        Row.withSchema(s).addValues("a", 3, 4.0, 2.0).build(),
        Row.withSchema(s).addValues("a", 4, 10.0, 4.0).build(),
        Row.withSchema(s).addValues("b", 1, 7.0, null).build());
    p.run();
  }

  /** SUM(d) OVER (PARTITION BY g ORDER BY i ROWS UNBOUNDED PRECEDING), with an equi-join only. */
  @Test
  void aRunningTotalIsAnEquiJoinSummingEarlierRows(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "SELECT cur.g, cur.i,\n"
            + "  SUM(CASE WHEN earlier.i <= cur.i THEN earlier.d ELSE 0 END) AS running_total\n"
            + "FROM obs AS cur JOIN obs AS earlier ON cur.g = earlier.g\n"
            + "GROUP BY cur.g, cur.i"));
    Schema s = out.getSchema();
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("a", 1, 1.0).build(),
        Row.withSchema(s).addValues("a", 2, 3.0).build(),
        Row.withSchema(s).addValues("a", 3, 7.0).build(),
        Row.withSchema(s).addValues("a", 4, 17.0).build(),
        Row.withSchema(s).addValues("b", 1, 7.0).build());
    p.run();
  }

  @Test
  void bucketsByRankReplaceNtile(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "WITH numbered AS (\n"
            + "  SELECT g, d, ROW_NUMBER() OVER (PARTITION BY g ORDER BY d) AS rn FROM obs),\n"
            + "sizes AS (SELECT g, COUNT(*) AS n FROM obs GROUP BY g)\n"
            + "SELECT numbered.g, d, (rn - 1) * 2 / n + 1 AS half\n"
            + "FROM numbered JOIN sizes ON numbered.g = sizes.g"));
    Schema s = out.getSchema();
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("a", 1.0, 1L).build(),
        Row.withSchema(s).addValues("a", 2.0, 1L).build(),
        Row.withSchema(s).addValues("a", 4.0, 2L).build(),
        Row.withSchema(s).addValues("a", 10.0, 2L).build(),
        Row.withSchema(s).addValues("b", 7.0, 1L).build());
    p.run();
  }

  @Test
  void doubleKeysAreGroupedAsText(TestPipeline p) {
    PCollection<Row> out = new Obs().column("a", "d", 1.5, 1.5, 2.0).in(p).apply(RunSql.query(
        "SELECT k, COUNT(*) AS n FROM (SELECT CAST(d AS VARCHAR) AS k FROM obs) AS t GROUP BY k"));
    Schema s = out.getSchema();
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("1.5", 2L).build(), Row.withSchema(s).addValues("2.0", 1L).build());
    p.run();
  }

  @Test
  void averagesOfIntegersNeedACast(TestPipeline p) {
    PCollection<Row> out = new Obs().column("a", "i", 1, 2, 4, 10).in(p).apply(RunSql.query(
        "SELECT AVG(i) AS integer_avg, AVG(CAST(i AS DOUBLE)) AS mean FROM obs"));
    PAssert.that(out).containsInAnyOrder(Row.withSchema(out.getSchema()).addValues(4, 4.25).build());
    p.run();
  }
}
