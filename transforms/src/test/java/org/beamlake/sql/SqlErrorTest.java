package org.beamlake.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * Errors point at the line and column of the query as written, also where a rewritten call sits
 * earlier on the same line. Planning fails when the transform is applied, so no pipeline runs.
 */
class SqlErrorTest {
  private static InvalidSqlException fails(String sql) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    return assertThrows(InvalidSqlException.class,
        () -> new Obs().row("a", 1.0).in(p).apply(RunSql.query(sql).withFileName("stats.sql")));
  }

  @Test
  void reportsAnUnknownColumn() {
    InvalidSqlException e = fails("-- stats.sql: statistics per group\n"
        + "SELECT g, MEDIAN(d) AS med,\n"
        + "       OBS_VALU AS v\n"
        + "FROM obs GROUP BY g");
    assertEquals(new SqlError("stats.sql", 3, 8, "Column 'OBS_VALU' not found in any table"), e.error());
    assertEquals("stats.sql:3:8: Column 'OBS_VALU' not found in any table", e.getMessage());
  }

  @Test
  void reportsAnUnknownColumnAfterRewrittenCallsOnTheSameLine() {
    InvalidSqlException e = fails("SELECT g,\n"
        + "  CORR(i, d) AS r, PERCENTILE(d, 0.9) AS p, OBS_VALU AS v\n"
        + "FROM obs GROUP BY g");
    assertEquals("stats.sql:2:45: Column 'OBS_VALU' not found in any table", e.getMessage());
  }

  @Test
  void reportsAnUnknownTable() {
    InvalidSqlException e = fails("SELECT COUNT(DISTINCT s) AS n FROM obsx");
    assertEquals("stats.sql:1:36: Object 'obsx' not found", e.getMessage());
  }

  @Test
  void reportsASyntaxError() {
    InvalidSqlException e = fails("SELECT g,\n  CORR(i, d) AS r AS q\nFROM obs GROUP BY g");
    assertEquals(new SqlError("stats.sql", 2, 19, "Encountered \"AS\""), e.error());
  }

  @Test
  void namesFunctionsAsTheUserWroteThem() {
    InvalidSqlException e = fails("SELECT PERCENTILE(dt, 0.5) AS p FROM obs");
    assertEquals("stats.sql:1:8: No match found for function signature PERCENTILE(<DATE>)", e.getMessage());
  }

  @Test
  void reportsPlannerRefusalsWithoutAPosition() {
    InvalidSqlException e = fails("SELECT SUM(DISTINCT d) AS s FROM obs");
    assertEquals(new SqlError("stats.sql", 0, 0, "Does not support SUM DISTINCT"), e.error());
  }

  @Test
  void reportsAMisusedPercentileBeforeBeamSeesTheQuery() {
    InvalidSqlException e = fails("SELECT PERCENTILE(d, 90) AS p FROM obs");
    assertEquals("stats.sql:1:22: PERCENTILE's fraction must be a number literal between 0 and 1, got '90'",
        e.getMessage());
  }

  @Test
  void readsPositionsFromBeamsOwnExceptions() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> new Obs().row("a", 1.0).in(p).apply(SqlTransform.query("SELECT g,\n nope FROM obs")));
    assertEquals(Optional.of(new SqlError("raw.sql", 2, 2, "Column 'nope' not found in any table")),
        SqlError.from(e, "raw.sql"));
  }

  @Test
  void findsAnInvalidSqlExceptionInsideOtherExceptions() {
    InvalidSqlException inner = new InvalidSqlException(new SqlError("a.sql", 4, 2, "boom"));
    assertEquals(Optional.of(new SqlError("b.sql", 4, 2, "boom")),
        SqlError.from(new RuntimeException("wrapped", inner), "b.sql"));
    assertEquals(Optional.of(new SqlError("a.sql", 4, 2, "boom")), SqlError.from(inner, null));
  }

  @Test
  void findsNothingInExceptionsThatAreNotAboutSql() {
    assertEquals(Optional.empty(), SqlError.from(new IllegalStateException("disk full"), "f.sql"));
  }

  @Test
  void printsOnOneLine() {
    assertEquals("f.sql:3:8: m", new SqlError("f.sql", 3, 8, "m").toString());
    assertEquals("f.sql: m", new SqlError("f.sql", 0, 0, "m").toString());
  }

  @Test
  void refusesAnEmptyQueryOrFileName() {
    assertThrows(IllegalArgumentException.class, () -> RunSql.query(" "));
    assertThrows(IllegalArgumentException.class, () -> RunSql.query(null));
    assertThrows(IllegalArgumentException.class, () -> RunSql.query("SELECT 1").withFileName(""));
  }
}
