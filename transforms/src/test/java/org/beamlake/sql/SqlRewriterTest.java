package org.beamlake.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlRewriterTest {
  private static String rewrite(String sql) {
    return SqlRewriter.rewrite(sql).sql();
  }

  @Test
  void leavesQueriesWithoutBeamlakeFunctionsUnchanged() {
    String sql = "SELECT g, COUNT(*) AS n, COUNT(x), SUM(x) FROM t WHERE x IN (1, 2) GROUP BY g";
    assertEquals(sql, rewrite(sql));
  }

  @Test
  void renamesSingleArgumentFunctionsInAnyCase() {
    assertEquals(
        "SELECT median(x), stddev_samp(x), stddev(x), stddev_pop(x), count_distinct(s) FROM t",
        rewrite("SELECT Median(x), STDDEV_samp(x), STDDEV(x), Stddev_Pop(x), COUNT_DISTINCT(s) FROM t"));
  }

  @Test
  void findsCallsWithSpaceOrCommentBeforeTheParenthesis() {
    assertEquals("SELECT median /* why */ (x), stddev\n(x) FROM t",
        rewrite("SELECT MEDIAN /* why */ (x), STDDEV\n(x) FROM t"));
  }

  @Test
  void leavesStringsQuotedIdentifiersAndCommentsUntouched() {
    String sql = "SELECT 'MEDIAN(x)', 'it''s CORR(a, b)', \"MEDIAN\"(x), `CORR`(a, b) -- PERCENTILE(x, 2)\n"
        + "/* COUNT(DISTINCT x) */ FROM t";
    assertEquals(sql, rewrite(sql));
  }

  @Test
  void leavesColumnsNamedLikeFunctionsAndQualifiedNamesUntouched() {
    String sql = "SELECT median, corr, t.MEDIAN(x), t.CORR(a, b) FROM t";
    assertEquals(sql, rewrite(sql));
  }

  @Test
  void turnsAvgIntoTheExactUdafButNotWithASetQuantifier() {
    assertEquals("SELECT beamlake_avg(x), beamlake_avg (y) OVER (PARTITION BY g), AVG(DISTINCT x), avg(ALL x),"
            + " t.AVG(x), 'AVG(x)' FROM t",
        rewrite("SELECT AVG(x), avg (y) OVER (PARTITION BY g), AVG(DISTINCT x), avg(ALL x),"
            + " t.AVG(x), 'AVG(x)' FROM t"));
  }

  @Test
  void turnsCountDistinctIntoTheUdaf() {
    assertEquals("SELECT count_distinct( s), count_distinct (\n   a + b), COUNT(s), COUNT(*) FROM t",
        rewrite("SELECT COUNT(DISTINCT s), count (\n distinct  a + b), COUNT(s), COUNT(*) FROM t"));
  }

  @Test
  void refusesCountDistinctOverSeveralExpressionsAtTheDistinctKeyword() {
    InvalidSqlException e = assertThrows(InvalidSqlException.class,
        () -> rewrite("SELECT g,\n  COUNT(DISTINCT a, b) FROM t"));
    assertEquals(new SqlError(null, 2, 9, "COUNT(DISTINCT ...) takes exactly one expression here"), e.error());
  }

  @Test
  void givesEachPercentileFractionItsOwnUdaf() {
    RewrittenSql rewritten = SqlRewriter.rewrite(
        "SELECT PERCENTILE(x, 0.9), percentile(y,0.90), Percentile(x, .9), PERCENTILE(x, 1), PERCENTILE(x, 0) FROM t");
    assertEquals("SELECT percentile_0_9(x), percentile_0_9(y), percentile_0_9(x), percentile_1(x), percentile_0(x) FROM t",
        rewritten.sql());
    assertEquals(Set.of(new BigDecimal("0.9"), BigDecimal.ONE, BigDecimal.ZERO), rewritten.percentiles());
  }

  @Test
  void refusesAPercentileFractionOutsideZeroToOneAtTheFraction() {
    InvalidSqlException e = assertThrows(InvalidSqlException.class,
        () -> rewrite("SELECT\n  PERCENTILE(x, 1.5) FROM t"));
    assertEquals(new SqlError(null, 2, 17,
        "PERCENTILE's fraction must be a number literal between 0 and 1, got '1.5'"), e.error());
  }

  @Test
  void refusesAPercentileFractionThatIsNotALiteral() {
    InvalidSqlException column = assertThrows(InvalidSqlException.class,
        () -> rewrite("SELECT PERCENTILE(x, p) FROM t"));
    assertEquals("<sql>:1:22: PERCENTILE's fraction must be a number literal between 0 and 1, got 'p'",
        column.getMessage());
    InvalidSqlException negative = assertThrows(InvalidSqlException.class,
        () -> rewrite("SELECT PERCENTILE(x, -0.5) FROM t"));
    assertEquals("<sql>:1:22: PERCENTILE's fraction must be a number literal between 0 and 1, got '-0.5'",
        negative.getMessage());
  }

  @Test
  void refusesPercentileAndCorrWithOneArgument() {
    assertEquals("<sql>:1:8: PERCENTILE takes two arguments: PERCENTILE(value, fraction)",
        assertThrows(InvalidSqlException.class, () -> rewrite("SELECT PERCENTILE(x) FROM t")).getMessage());
    assertEquals("<sql>:1:11: CORR takes two arguments: CORR(x, y)",
        assertThrows(InvalidSqlException.class, () -> rewrite("SELECT a, corr(x) FROM t")).getMessage());
  }

  @Test
  void refusesCorrAsAWindowFunctionWhichBeamCannotPlan() {
    assertEquals("<sql>:1:11: CORR cannot be a window function here; compute it with GROUP BY and join the result back",
        assertThrows(InvalidSqlException.class,
            () -> rewrite("SELECT g, CORR(a, b) OVER (PARTITION BY g) FROM t")).getMessage());
  }

  @Test
  void passesCorrAPairOfDoubles() {
    assertEquals("SELECT beamlake_corr(ARRAY[CAST(a AS DOUBLE),CAST( b AS DOUBLE)]) FROM t",
        rewrite("SELECT CORR(a, b) FROM t"));
  }

  @Test
  void replacesBeamsVariancesAndCovariancesWithExactOnes() {
    assertEquals("SELECT beamlake_var_samp(x), beamlake_var_samp(x), beamlake_var_pop(x), "
            + "beamlake_covar_samp(ARRAY[CAST(a AS DOUBLE),CAST( b AS DOUBLE)]), "
            + "beamlake_covar_pop(ARRAY[CAST(a AS DOUBLE),CAST( b AS DOUBLE)]) FROM t",
        rewrite("SELECT VAR_SAMP(x), variance(x), Var_Pop(x), COVAR_SAMP(a, b), covar_pop(a, b) FROM t"));
    assertEquals("<sql>:1:8: COVAR_POP takes two arguments: COVAR_POP(x, y)",
        assertThrows(InvalidSqlException.class, () -> rewrite("SELECT covar_pop(x) FROM t")).getMessage());
    assertEquals("function COVAR_SAMP does not apply to VARCHAR; VAR_POP neither",
        Functions.userFacing("function beamlake_covar_samp does not apply to VARCHAR; beamlake_var_pop neither"));
  }

  @Test
  void handlesNestedParenthesesBracketsAndCallsInArguments() {
    assertEquals("SELECT beamlake_corr(ARRAY[CAST(COALESCE(a, 0) AS DOUBLE),CAST( ABS(f(b, c)) AS DOUBLE)]), "
            + "percentile_0_5(CASE WHEN x IN (1, 2) THEN arr[1] ELSE ARRAY[1, 2][2] END) FROM t",
        rewrite("SELECT Corr(COALESCE(a, 0), ABS(f(b, c))), "
            + "PERCENTILE(CASE WHEN x IN (1, 2) THEN arr[1] ELSE ARRAY[1, 2][2] END, 0.5) FROM t"));
  }

  @Test
  void rewritesInsideSubqueriesAndWindows() {
    assertEquals("SELECT * FROM (SELECT median(x) OVER (PARTITION BY g) AS m FROM t) WHERE m IN "
            + "(SELECT stddev(y) FROM u)",
        rewrite("SELECT * FROM (SELECT MEDIAN(x) OVER (PARTITION BY g) AS m FROM t) WHERE m IN "
            + "(SELECT STDDEV(y) FROM u)"));
  }

  @Test
  void keepsEveryLineBreakSoLinesKeepTheirNumbers() {
    String sql = "SELECT g,\n  CORR(a,\n       b) AS r,\r\n  PERCENTILE(x,\n  -- the 90th\n  0.9) AS p,\n"
        + "  COUNT(\nDISTINCT s)\nFROM t";
    assertEquals("SELECT g,\n  beamlake_corr(ARRAY[CAST(a AS DOUBLE),CAST(\n       b AS DOUBLE)]) AS r,\r\n"
            + "  percentile_0_9(x\n\n) AS p,\n  count_distinct(\n s)\nFROM t",
        rewrite(sql));
  }

  @Test
  void leavesAnUnbalancedCallForCalciteToReport() {
    assertEquals("SELECT MEDIAN(x FROM t", rewrite("SELECT MEDIAN(x FROM t"));
  }

  @Test
  void mapsPositionsAfterARewrittenCallBackToTheOriginalColumn() {
    String sql = "SELECT g,\r\n  CORR(a, b), PERCENTILE(x, 0.25), nope FROM t";
    RewrittenSql rewritten = SqlRewriter.rewrite(sql);
    String[] lines = rewritten.sql().split("\r\n");
    int rewrittenColumn = lines[1].indexOf("nope") + 1;
    assertEquals(new SqlError("f.sql", 2, 36, "m"),
        rewritten.toOriginal(new SqlError("f.sql", 2, rewrittenColumn, "m")));
    // Inserted text maps to where it was inserted; a renamed name to the name's start.
    int arrayColumn = lines[1].indexOf("ARRAY") + 1;
    assertEquals(new SqlError("f.sql", 2, 8, "m"),
        rewritten.toOriginal(new SqlError("f.sql", 2, arrayColumn, "m")));
    assertEquals(new SqlError("f.sql", 2, 3, "m"),
        rewritten.toOriginal(new SqlError("f.sql", 2, 3, "m")));
  }

  @Test
  void leavesPositionlessErrorsAlone() {
    RewrittenSql rewritten = SqlRewriter.rewrite("SELECT CORR(a, b) FROM t");
    assertEquals(new SqlError("f.sql", 0, 0, "m"), rewritten.toOriginal(new SqlError("f.sql", 0, 0, "m")));
  }
}
