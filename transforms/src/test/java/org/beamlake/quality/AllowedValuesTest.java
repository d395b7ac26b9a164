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

import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
class AllowedValuesTest {
  static final Row GDP = obs(2, "USA", "GDP", 1.0, "2024-01-01", 1);
  static final Row CPI = obs(3, "USA", "CPI", 1.0, "2024-01-01", 2);
  static final Row OTHER = obs(4, "USA", "X", 1.0, "2024-01-01", 3);
  static final Row NULLS = obs(5, "USA", null, 1.0, "2024-01-01", null);
  static final List<Row> ROWS = List.of(GDP, CPI, OTHER, NULLS);

  @Test
  void quarantinesOtherValuesListingTheAllowedOnesAndLetsNullsPass(TestPipeline p) {
    RowResult result = check(p, ROWS, AllowedValues.of("INDICATOR", Set.of("GDP", "CPI")));
    PAssert.that(result.rows()).containsInAnyOrder(GDP, CPI, NULLS);
    PAssert.that(result.rejects()).containsInAnyOrder(
        new QuarantinedRecord("rules", "allowed_values(INDICATOR)", "INDICATOR='X' is not one of [CPI, GDP]",
            "{\"REF_AREA\":\"USA\",\"INDICATOR\":\"X\",\"OBS_VALUE\":1.0,\"TIME_PERIOD\":\"2024-01-01\",\"N\":3}",
            "obs.csv:4"));
    p.run();
  }

  @Test
  void convertsTheValuesToTheColumnType(TestPipeline p) {
    RowResult result = check(p, ROWS, AllowedValues.of("N", Set.of("1", 2L)));
    PAssert.that(result.rows()).containsInAnyOrder(GDP, CPI, NULLS);
    PAssert.that(result.rejects()).containsInAnyOrder(
        new QuarantinedRecord("rules", "allowed_values(N)", "N=3 is not one of [1, 2]",
            "{\"REF_AREA\":\"USA\",\"INDICATOR\":\"X\",\"OBS_VALUE\":1.0,\"TIME_PERIOD\":\"2024-01-01\",\"N\":3}",
            "obs.csv:4"));
    p.run();
  }

  @Test
  void warnKeepsRowsAndCountsViolations(TestPipeline p) {
    RowResult result = check(p, ROWS, AllowedValues.of("INDICATOR", Set.of("GDP")).withAction(RuleAction.WARN));
    PAssert.that(result.rows()).containsInAnyOrder(ROWS);
    PAssert.that(result.rejects()).empty();
    PipelineResult run = p.run();
    assertEquals(2, counter(run, "allowed_values(INDICATOR).warned"));
  }

  @Test
  void failStopsTheRunNamingRuleSourceAndReason(TestPipeline p) {
    check(p, List.of(GDP, OTHER), AllowedValues.of("INDICATOR", Set.of("GDP", "CPI")).withAction(RuleAction.FAIL));
    assertEquals("rule allowed_values(INDICATOR) failed (action: fail) at obs.csv:4: INDICATOR='X' is not one of [CPI, GDP]",
        runExpectingFailure(p).getMessage());
  }

  @Test
  void refusesAMissingColumn(TestPipeline p) {
    assertEquals("allowed_values(FREQ): no column 'FREQ'; columns are " + COLUMNS,
        expandError(p, SCHEMA, AllowedValues.of("FREQ", Set.of("A"))));
  }

  @Test
  void refusesValuesThatDoNotConvertToTheColumnType(TestPipeline p) {
    assertEquals("allowed_values(N): value 'one' does not fit column N: expected int, got 'one'",
        expandError(p, SCHEMA, AllowedValues.of("N", Set.of("one"))));
  }

  @Test
  void refusesEmptyAndNullValuesWhenBuilt() {
    assertEquals("allowed_values(N) needs at least one value",
        assertThrows(IllegalArgumentException.class, () -> AllowedValues.of("N", Set.of())).getMessage());
    Set<Object> withNull = new HashSet<>(java.util.Arrays.asList("A", null));
    assertEquals("allowed_values(N): null is not a value; nulls pass, refuse them with not_null",
        assertThrows(IllegalArgumentException.class, () -> AllowedValues.of("N", withNull)).getMessage());
  }
}
