package org.beamlake.quality;

import static org.beamlake.quality.RuleTests.COLUMNS;
import static org.beamlake.quality.RuleTests.SCHEMA;
import static org.beamlake.quality.RuleTests.check;
import static org.beamlake.quality.RuleTests.counter;
import static org.beamlake.quality.RuleTests.expandError;
import static org.beamlake.quality.RuleTests.obs;
import static org.beamlake.quality.RuleTests.runExpectingFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class InRangeTest {
  static final Row IN = obs(2, "USA", "GDP", 100.0, "2000-01-01", 1);
  static final Row ABOVE = obs(3, "USA", "GDP", 120.5, "2024-12-31", 2);
  static final Row BELOW = obs(4, "USA", "GDP", -3.0, "1999-12-31", 3);
  static final Row NULLS = obs(5, "USA", "GDP", null, null, null);
  static final List<Row> ROWS = List.of(IN, ABOVE, BELOW, NULLS);

  @Test
  void quarantinesNumbersOutsideTheBoundsAndLetsNullsPass(TestPipeline p) {
    RowResult result = check(p, ROWS, InRange.of("OBS_VALUE", 0, 100));
    PAssert.that(result.rows()).containsInAnyOrder(IN, NULLS);
    PAssert.that(result.rejects()).containsInAnyOrder(
        new QuarantinedRecord("rules", "range(OBS_VALUE)", "OBS_VALUE=120.5 is above 100",
            "{\"REF_AREA\":\"USA\",\"INDICATOR\":\"GDP\",\"OBS_VALUE\":120.5,\"TIME_PERIOD\":\"2024-12-31\",\"N\":2}",
            "obs.csv:3"),
        new QuarantinedRecord("rules", "range(OBS_VALUE)", "OBS_VALUE=-3.0 is below 0",
            "{\"REF_AREA\":\"USA\",\"INDICATOR\":\"GDP\",\"OBS_VALUE\":-3.0,\"TIME_PERIOD\":\"1999-12-31\",\"N\":3}",
            "obs.csv:4"));
    p.run();
  }

  @Test
  void quarantinesDatesOutsideIsoBoundsAndKeepsOpenSidesOpen(TestPipeline p) {
    RowResult result = check(p, ROWS, InRange.of("TIME_PERIOD", "2000-01-01", null));
    PAssert.that(result.rows()).containsInAnyOrder(IN, ABOVE, NULLS);
    PAssert.that(result.rejects()).containsInAnyOrder(
        new QuarantinedRecord("rules", "range(TIME_PERIOD)", "TIME_PERIOD=1999-12-31 is below 2000-01-01",
            "{\"REF_AREA\":\"USA\",\"INDICATOR\":\"GDP\",\"OBS_VALUE\":-3.0,\"TIME_PERIOD\":\"1999-12-31\",\"N\":3}",
            "obs.csv:4"));
    p.run();
  }

  @Test
  void comparesIntColumnsWithDecimalBoundsByValue(TestPipeline p) {
    RowResult result = check(p, ROWS, InRange.of("N", null, new BigDecimal("2.5")));
    PAssert.that(result.rows()).containsInAnyOrder(IN, ABOVE, NULLS);
    PAssert.that(result.rejects()).containsInAnyOrder(
        new QuarantinedRecord("rules", "range(N)", "N=3 is above 2.5",
            "{\"REF_AREA\":\"USA\",\"INDICATOR\":\"GDP\",\"OBS_VALUE\":-3.0,\"TIME_PERIOD\":\"1999-12-31\",\"N\":3}",
            "obs.csv:4"));
    p.run();
  }

  @Test
  void warnKeepsRowsAndCountsViolations(TestPipeline p) {
    RowResult result = check(p, ROWS, InRange.of("OBS_VALUE", 0, 100).withAction(RuleAction.WARN));
    PAssert.that(result.rows()).containsInAnyOrder(ROWS);
    PAssert.that(result.rejects()).empty();
    PipelineResult run = p.run();
    assertEquals(2, counter(run, "range(OBS_VALUE).warned"));
  }

  @Test
  void failStopsTheRunNamingRuleSourceAndReason(TestPipeline p) {
    check(p, List.of(IN, ABOVE), InRange.of("OBS_VALUE", 0, 100).withAction(RuleAction.FAIL));
    assertEquals("rule range(OBS_VALUE) failed (action: fail) at obs.csv:3: OBS_VALUE=120.5 is above 100",
        runExpectingFailure(p).getMessage());
  }

  @Test
  void refusesAMissingColumn(TestPipeline p) {
    assertEquals("range(X): no column 'X'; columns are " + COLUMNS, expandError(p, SCHEMA, InRange.of("X", 0, 1)));
  }

  @Test
  void refusesATextColumn(TestPipeline p) {
    assertEquals("range(REF_AREA): column REF_AREA is string, expected a number or date",
        expandError(p, SCHEMA, InRange.of("REF_AREA", 0, 1)));
  }

  @Test
  void refusesDateBoundsOnANumberColumn(TestPipeline p) {
    assertEquals("range(OBS_VALUE): column OBS_VALUE is double, min 2020-01-01 is not a number",
        expandError(p, SCHEMA, InRange.of("OBS_VALUE", "2020-01-01", null)));
  }

  @Test
  void refusesNumberBoundsOnADateColumn(TestPipeline p) {
    assertEquals("range(TIME_PERIOD): column TIME_PERIOD is date, max 2024 is not a date",
        expandError(p, SCHEMA, InRange.of("TIME_PERIOD", null, 2024)));
  }

  @Test
  void refusesBadBoundsWhenBuilt() {
    assertEquals("range(X) needs a min, a max or both",
        assertThrows(IllegalArgumentException.class, () -> InRange.of("X", null, null)).getMessage());
    assertEquals("range(X): min 100 is above max 0",
        assertThrows(IllegalArgumentException.class, () -> InRange.of("X", 100, 0)).getMessage());
    assertEquals("range(X): min 0 and max 2024-01-01 must both be numbers or both dates",
        assertThrows(IllegalArgumentException.class, () -> InRange.of("X", 0, LocalDate.of(2024, 1, 1))).getMessage());
    assertEquals("range(X): max '31/12/2024' is not an ISO date (yyyy-mm-dd)",
        assertThrows(IllegalArgumentException.class, () -> InRange.of("X", null, "31/12/2024")).getMessage());
    assertEquals("range(X): min must be a finite number, got NaN",
        assertThrows(IllegalArgumentException.class, () -> InRange.of("X", Double.NaN, null)).getMessage());
    assertEquals("range(X): min must be a number or a date, got Boolean true",
        assertThrows(IllegalArgumentException.class, () -> InRange.of("X", true, null)).getMessage());
  }
}
