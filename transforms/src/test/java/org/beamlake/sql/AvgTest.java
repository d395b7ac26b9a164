package org.beamlake.sql;

import static org.beamlake.sql.Obs.dec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Throwables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** AVG: exact means in the argument's type, where Beam's keeps 10 significant digits. */
@ExtendWith(TestPipelineExtension.class)
class AvgTest {
  /**
   * 31 values summing to 659: the mean 21.258064516129032… is {@code 659.0 / 31}, a correctly
   * rounded division, where Beam's AVG gave 21.25806452.
   */
  @Test
  void averagesDoublesToTheNearestDouble(TestPipeline p) {
    Object[] values = new Object[31];
    for (int i = 0; i < 30; i++) {
      values[i] = 21.0;
    }
    values[30] = 29.0;
    Obs obs = new Obs().column("a", "d", values)
        .column("b", "d", 1.0, 2.0, 4.0, 10.0, null)
        // Summed in this order in doubles the 1s are lost; the exact mean is 2/4.
        .column("c", "d", 1e16, 1.0, 1.0, -1e16)
        .column("nulls", "d", null, null);
    PCollection<Row> out = obs.in(p).apply(RunSql.query("SELECT g, AVG(d) AS m FROM obs GROUP BY g"));
    Schema s = out.getSchema();
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("a", 659.0 / 31).build(),
        Row.withSchema(s).addValues("b", 4.25).build(),
        Row.withSchema(s).addValues("c", 0.5).build(),
        Row.withSchema(s).addValues("nulls", null).build());
    p.run();
  }

  /**
   * Each argument type gives its own type back, as Beam's AVG does. Integers truncate toward zero
   * (a: 17/4 = 4.25 → 4; b: −3/2 → −1); the BIGINT mean 2^62 + 2 needs 19 digits; DECIMAL keeps
   * 18 places (c: 1/3); FLOAT gives a DOUBLE, as in PostgreSQL.
   */
  @Test
  void keepsTheArgumentsTypeWithAnExactValue(TestPipeline p) {
    long big = 1L << 62;
    Obs obs = new Obs()
        .row("a", 1.0, 1, 1L, dec("1.5")).row("a", 2.0, 2, 2L, dec("2.5"))
        .row("a", 4.0, 4, 4L, dec("4.5")).row("a", 10.0, 10, 10L, dec("10.5"))
        .row("b", -1.0, -1, big + 1, dec("-1")).row("b", -2.0, -2, big + 3, dec("-2"))
        .row("c", 1.0, 0, 0L, dec("1")).row("c", 0.0, 0, 0L, dec("0")).row("c", 0.0, 0, 0L, dec("0"));
    PCollection<Row> out = obs.in(p).apply(RunSql.query(
        "SELECT g, avg(i) AS i, Avg(l) AS l, AVG(m) AS m, AVG(CAST(d AS FLOAT)) AS f,\n"
            + "  AVG(CAST(i AS SMALLINT)) AS sh, AVG(CAST(i AS TINYINT)) AS t\n"
            + "FROM obs GROUP BY g"));
    Schema s = out.getSchema();
    assertEquals(
        List.of(FieldType.STRING, FieldType.INT32, FieldType.INT64, FieldType.DECIMAL,
            FieldType.DOUBLE, FieldType.INT16, FieldType.BYTE),
        s.getFields().stream().map(f -> f.getType().withNullable(false)).toList());
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("a", 4, 4L, dec("4.75"), 4.25, (short) 4, (byte) 4).build(),
        Row.withSchema(s).addValues("b", -1, big + 2, dec("-1.5"), -1.5, (short) -1, (byte) -1).build(),
        Row.withSchema(s).addValues("c", 0, 0L, dec("0.333333333333333333"), 1.0 / 3, (short) 0, (byte) 0)
            .build());
    p.run();
  }

  /** NaN makes the mean NaN, one infinity makes it that infinity, both make it NaN; Beam's AVG failed. */
  @Test
  void givesNaNAndInfinitiesForNonFiniteValues(TestPipeline p) {
    Obs obs = new Obs().column("nan", "d", 1.0, Double.NaN)
        .column("inf", "d", 1.0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)
        .column("both", "d", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    PCollection<Row> out = obs.in(p).apply(RunSql.query("SELECT g, AVG(d) AS m FROM obs GROUP BY g"));
    Schema s = out.getSchema();
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(s).addValues("nan", Double.NaN).build(),
        Row.withSchema(s).addValues("inf", Double.POSITIVE_INFINITY).build(),
        Row.withSchema(s).addValues("both", Double.NaN).build());
    p.run();
  }

  /** a: 1 2 4 10 → 4.25 on every row of a; over no rows, NULL. */
  @Test
  void worksAsAWindowFunctionAndOverNoRows(TestPipeline p) {
    Obs obs = new Obs().row("a", 1.0, 1).row("a", 2.0, 2).row("a", 4.0, 3).row("a", 10.0, 4).row("b", 7.0, 1);
    PCollectionTuple tables = obs.in(p);
    PCollection<Row> windowed = tables.apply("Window", RunSql.query(
        "SELECT g, i, AVG(d) OVER (PARTITION BY g) AS m FROM obs"));
    Schema s = windowed.getSchema();
    PAssert.that(windowed).containsInAnyOrder(
        Row.withSchema(s).addValues("a", 1, 4.25).build(), Row.withSchema(s).addValues("a", 2, 4.25).build(),
        Row.withSchema(s).addValues("a", 3, 4.25).build(), Row.withSchema(s).addValues("a", 4, 4.25).build(),
        Row.withSchema(s).addValues("b", 1, 7.0).build());
    PCollection<Row> none = tables.apply("None", RunSql.query(
        "SELECT AVG(d) AS m, AVG(m) AS dm FROM obs WHERE g = 'absent'"));
    PAssert.that(none).containsInAnyOrder(Row.withSchema(none.getSchema()).addValues(null, null).build());
    p.run();
  }

  /** Text is read as DOUBLE values, as the other functions' arguments are; the mean is a DOUBLE. */
  @Test
  void averagesTextAsDoubles(TestPipeline p) {
    PCollection<Row> out = new Obs().column("a", "s", "2", " 3.5", null).in(p)
        .apply(RunSql.query("SELECT AVG(s) AS m FROM obs"));
    assertEquals(FieldType.DOUBLE, out.getSchema().getField("m").getType().withNullable(false));
    PAssert.that(out).containsInAnyOrder(Row.withSchema(out.getSchema()).addValues(2.75).build());
    p.run();
  }

  @Test
  void failsOnTextThatIsNoNumberNamingIt(TestPipeline p) {
    new Obs().column("a", "s", "2", "n/a").in(p).apply(RunSql.query("SELECT AVG(s) AS m FROM obs"));
    Exception e = assertThrows(Exception.class, p::run);
    assertTrue(Throwables.getStackTraceAsString(e).contains("AVG takes numbers, and 'n/a' is not one"),
        Throwables.getStackTraceAsString(e));
  }

  /** Calcite casts a date to text for AVG's text overload: the job fails naming the value. */
  @Test
  void failsOnADateNamingIt(TestPipeline p) {
    new Obs().column("a", "dt", LocalDate.of(2024, 2, 29)).in(p).apply(RunSql.query("SELECT AVG(dt) AS m FROM obs"));
    Exception e = assertThrows(Exception.class, p::run);
    assertTrue(Throwables.getStackTraceAsString(e).contains("AVG takes numbers, and '2024-02-29' is not one"),
        Throwables.getStackTraceAsString(e));
  }

  /** Means exactly halfway between two doubles go to the even one. */
  @Test
  void roundsHalfwayMeansToEven() {
    double one = 1.0;
    double next = Math.nextUp(one);
    double nextNext = Math.nextUp(next);
    assertEquals(one, mean(one, next)); // halfway between 1 (even) and 1 + ulp (odd)
    assertEquals(nextNext, mean(next, nextNext)); // halfway between odd and even
  }

  /** Sums beyond the doubles' range (held as decimals) and quotients below the smallest double. */
  @Test
  void roundsAtTheEndsOfTheDoubleRange() {
    assertEquals(Double.MAX_VALUE, sum(Double.MAX_VALUE, Double.MAX_VALUE).nearestQuotient(2));
    assertEquals(-Double.MAX_VALUE, sum(-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE).nearestQuotient(3));
    // 2^-1075, halfway between 0 and the smallest double (odd): to 0.
    assertEquals(0.0, sum(Double.MIN_VALUE).nearestQuotient(2));
    // 3·2^-1076, nearer the smallest double than 0.
    assertEquals(Double.MIN_VALUE, sum(Double.MIN_VALUE, Double.MIN_VALUE, Double.MIN_VALUE).nearestQuotient(4));
    assertEquals(0.0, sum(1.0, -1.0).nearestQuotient(2));
  }

  /** A count a double cannot hold exactly, or none, is refused, naming it. */
  @Test
  void refusesCountsItCannotDivideByExactly() {
    assertEquals("count must be in [1, 2^53], got 0",
        assertThrows(IllegalArgumentException.class, () -> sum(1.0).nearestQuotient(0)).getMessage());
    assertEquals("count must be in [1, 2^53], got 9007199254740993",
        assertThrows(IllegalArgumentException.class, () -> sum(1.0).nearestQuotient((1L << 53) + 1)).getMessage());
  }

  /**
   * Against a 60-digit BigDecimal division, for random sets of values over many magnitudes, with
   * cancellation: the exact mean correctly rounded.
   */
  @Test
  void matchesTheCorrectlyRoundedMeanOfRandomValues() {
    Random random = new Random(20261124);
    for (int set = 0; set < 2000; set++) {
      int n = 1 + random.nextInt(40);
      double[] values = new double[n];
      ExactSum sum = new ExactSum();
      BigDecimal exact = BigDecimal.ZERO;
      int exponent = random.nextInt(80) - 40;
      for (int i = 0; i < n; i++) {
        values[i] = (random.nextDouble() - 0.3) * Math.pow(2, exponent + random.nextInt(60) - 30);
        sum.add(values[i]);
        exact = exact.add(new BigDecimal(values[i]));
      }
      BigDecimal mean = exact.divide(BigDecimal.valueOf(n), new MathContext(60, RoundingMode.HALF_EVEN));
      assertEquals(mean.doubleValue(), sum.nearestQuotient(n), () -> "mean of " + n + " values " + mean);
    }
  }

  private static double mean(double a, double b) {
    return sum(a, b).nearestQuotient(2);
  }

  private static ExactSum sum(double... values) {
    ExactSum sum = new ExactSum();
    for (double value : values) {
      sum.add(value);
    }
    return sum;
  }
}
