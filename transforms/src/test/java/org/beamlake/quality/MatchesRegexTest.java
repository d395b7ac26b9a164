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
class MatchesRegexTest {
  static final Row USA = obs(2, "USA", "GDP", 1.0, "2024-01-01", 1);
  static final Row LOWER = obs(3, "usa", "GDP", 1.0, "2024-01-01", 2);
  static final Row LONGER = obs(4, "USAX", "GDP", 1.0, "2024-01-01", 3);
  static final Row NO_AREA = obs(5, null, "GDP", 1.0, "2024-01-01", 4);
  static final List<Row> ROWS = List.of(USA, LOWER, LONGER, NO_AREA);
  static final String PATTERN = "[A-Z]{3}";

  @Test
  void quarantinesValuesThatDoNotMatchAsAWholeAndLetsNullsPass(TestPipeline p) {
    RowResult result = check(p, ROWS, MatchesRegex.of("REF_AREA", PATTERN));
    PAssert.that(result.rows()).containsInAnyOrder(USA, NO_AREA);
    PAssert.that(result.rejects()).containsInAnyOrder(
        new QuarantinedRecord("rules", "regex(REF_AREA)", "REF_AREA='usa' does not match [A-Z]{3}",
            "{\"REF_AREA\":\"usa\",\"INDICATOR\":\"GDP\",\"OBS_VALUE\":1.0,\"TIME_PERIOD\":\"2024-01-01\",\"N\":2}",
            "obs.csv:3"),
        new QuarantinedRecord("rules", "regex(REF_AREA)", "REF_AREA='USAX' does not match [A-Z]{3}",
            "{\"REF_AREA\":\"USAX\",\"INDICATOR\":\"GDP\",\"OBS_VALUE\":1.0,\"TIME_PERIOD\":\"2024-01-01\",\"N\":3}",
            "obs.csv:4"));
    p.run();
  }

  @Test
  void warnKeepsRowsAndCountsViolations(TestPipeline p) {
    RowResult result = check(p, ROWS, MatchesRegex.of("REF_AREA", "^[A-Z]{3}$").withAction(RuleAction.WARN));
    PAssert.that(result.rows()).containsInAnyOrder(ROWS);
    PAssert.that(result.rejects()).empty();
    PipelineResult run = p.run();
    assertEquals(2, counter(run, "regex(REF_AREA).warned"));
  }

  @Test
  void failStopsTheRunNamingRuleSourceAndReason(TestPipeline p) {
    check(p, List.of(USA, LOWER), MatchesRegex.of("REF_AREA", "^[A-Z]{3}$").withAction(RuleAction.FAIL));
    assertEquals("rule regex(REF_AREA) failed (action: fail) at obs.csv:3: REF_AREA='usa' does not match ^[A-Z]{3}$",
        runExpectingFailure(p).getMessage());
  }

  @Test
  void refusesAMissingColumn(TestPipeline p) {
    assertEquals("regex(AREA): no column 'AREA'; columns are " + COLUMNS,
        expandError(p, SCHEMA, MatchesRegex.of("AREA", PATTERN)));
  }

  @Test
  void refusesANonTextColumn(TestPipeline p) {
    assertEquals("regex(N): column N is int, expected a string", expandError(p, SCHEMA, MatchesRegex.of("N", "\\d+")));
  }

  @Test
  void refusesAnInvalidPatternWhenBuilt() {
    assertEquals("regex(REF_AREA): invalid pattern [A-Z: Unclosed character class near index 3",
        assertThrows(IllegalArgumentException.class, () -> MatchesRegex.of("REF_AREA", "[A-Z")).getMessage());
  }
}
