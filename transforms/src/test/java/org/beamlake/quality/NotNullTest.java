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
class NotNullTest {
  static final Row GOOD = obs(2, "USA", "GDP", 1.5, "2024-01-01", 1);
  static final Row NO_AREA = obs(3, null, "GDP", 2.0, "2024-01-01", 2);
  static final Row NO_AREA_NO_INDICATOR = obs(4, null, null, null, null, 3);
  static final List<Row> ROWS = List.of(GOOD, NO_AREA, NO_AREA_NO_INDICATOR);

  @Test
  void quarantinesRowsWithNullsNamingEachNullColumn(TestPipeline p) {
    RowResult result = check(p, ROWS, NotNull.columns(List.of("REF_AREA", "INDICATOR")));
    PAssert.that(result.rows()).containsInAnyOrder(GOOD);
    PAssert.that(result.rejects()).containsInAnyOrder(
        new QuarantinedRecord("rules", "not_null(REF_AREA, INDICATOR)", "REF_AREA is null",
            "{\"REF_AREA\":null,\"INDICATOR\":\"GDP\",\"OBS_VALUE\":2.0,\"TIME_PERIOD\":\"2024-01-01\",\"N\":2}",
            "obs.csv:3"),
        new QuarantinedRecord("rules", "not_null(REF_AREA, INDICATOR)", "REF_AREA is null, INDICATOR is null",
            "{\"REF_AREA\":null,\"INDICATOR\":null,\"OBS_VALUE\":null,\"TIME_PERIOD\":null,\"N\":3}",
            "obs.csv:4"));
    PipelineResult run = p.run();
    assertEquals(2, counter(run, "not_null(REF_AREA, INDICATOR).quarantined"));
  }

  @Test
  void warnKeepsRowsAndCountsViolations(TestPipeline p) {
    RowResult result = check(p, ROWS, NotNull.columns(List.of("REF_AREA")).withAction(RuleAction.WARN));
    PAssert.that(result.rows()).containsInAnyOrder(ROWS);
    PAssert.that(result.rejects()).empty();
    PipelineResult run = p.run();
    assertEquals(2, counter(run, "not_null(REF_AREA).warned"));
    assertEquals(0, counter(run, "not_null(REF_AREA).quarantined"));
  }

  @Test
  void failStopsTheRunNamingRuleSourceAndReason(TestPipeline p) {
    check(p, List.of(GOOD, NO_AREA), NotNull.columns(List.of("REF_AREA")).withAction(RuleAction.FAIL));
    QualityRuleFailed failure = runExpectingFailure(p);
    assertEquals("rule not_null(REF_AREA) failed (action: fail) at obs.csv:3: REF_AREA is null", failure.getMessage());
  }

  @Test
  void refusesAMissingColumnWhenApplied(TestPipeline p) {
    assertEquals("not_null(REF_AREA, COUNTRY): no column 'COUNTRY'; columns are " + COLUMNS,
        expandError(p, SCHEMA, NotNull.columns(List.of("REF_AREA", "COUNTRY"))));
  }

  @Test
  void refusesBadSettingsWhenBuilt() {
    assertEquals("not_null needs at least one column",
        assertThrows(IllegalArgumentException.class, () -> NotNull.columns(List.of())).getMessage());
    assertEquals("not_null: columns must not repeat, got [A, A]",
        assertThrows(IllegalArgumentException.class, () -> NotNull.columns(List.of("A", "A"))).getMessage());
    assertEquals("action must not be null", assertThrows(IllegalArgumentException.class,
        () -> NotNull.columns(List.of("A")).withAction(null)).getMessage());
  }
}
