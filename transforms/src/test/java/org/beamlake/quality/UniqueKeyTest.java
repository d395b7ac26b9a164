package org.beamlake.quality;

import static org.beamlake.quality.RuleTests.COLUMNS;
import static org.beamlake.quality.RuleTests.SCHEMA;
import static org.beamlake.quality.RuleTests.check;
import static org.beamlake.quality.RuleTests.counter;
import static org.beamlake.quality.RuleTests.expandError;
import static org.beamlake.quality.RuleTests.obs;
import static org.beamlake.quality.RuleTests.runExpectingFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class UniqueKeyTest {
  static final UniqueKey RULE = UniqueKey.of(List.of("REF_AREA", "TIME_PERIOD"));
  static final Row USA_1 = obs(2, "USA", "GDP", 1.0, "2024-01-01", 1);
  static final Row USA_2 = obs(3, "USA", "CPI", 2.0, "2024-01-01", 2);
  static final Row USA_3 = obs(4, "USA", "POP", 3.0, "2024-01-01", 3);
  static final Row FRA = obs(5, "FRA", "GDP", 4.0, "2024-01-01", 4);
  static final Row NO_AREA_1 = obs(6, null, "GDP", 5.0, "2024-02-01", 5);
  static final Row NO_AREA_2 = obs(7, null, "CPI", 6.0, "2024-02-01", 6);
  static final Row NO_AREA_ALONE = obs(8, null, "GDP", 7.0, "2024-03-01", 7);
  static final List<Row> ROWS = List.of(USA_1, USA_2, USA_3, FRA, NO_AREA_1, NO_AREA_2, NO_AREA_ALONE);

  static QuarantinedRecord reject(String reason, String payload, int line) {
    return new QuarantinedRecord("rules", "unique(REF_AREA, TIME_PERIOD)", reason, payload, "obs.csv:" + line);
  }

  static final String USA = "key (REF_AREA, TIME_PERIOD)=(USA, 2024-01-01) occurs 3 times";
  static final String NO_AREA = "key (REF_AREA, TIME_PERIOD)=(null, 2024-02-01) occurs 2 times";
  static final List<QuarantinedRecord> REJECTS = List.of(
      reject(USA, "{\"REF_AREA\":\"USA\",\"INDICATOR\":\"GDP\",\"OBS_VALUE\":1.0,\"TIME_PERIOD\":\"2024-01-01\",\"N\":1}", 2),
      reject(USA, "{\"REF_AREA\":\"USA\",\"INDICATOR\":\"CPI\",\"OBS_VALUE\":2.0,\"TIME_PERIOD\":\"2024-01-01\",\"N\":2}", 3),
      reject(USA, "{\"REF_AREA\":\"USA\",\"INDICATOR\":\"POP\",\"OBS_VALUE\":3.0,\"TIME_PERIOD\":\"2024-01-01\",\"N\":3}", 4),
      reject(NO_AREA, "{\"REF_AREA\":null,\"INDICATOR\":\"GDP\",\"OBS_VALUE\":5.0,\"TIME_PERIOD\":\"2024-02-01\",\"N\":5}", 6),
      reject(NO_AREA, "{\"REF_AREA\":null,\"INDICATOR\":\"CPI\",\"OBS_VALUE\":6.0,\"TIME_PERIOD\":\"2024-02-01\",\"N\":6}", 7));

  @Test
  void quarantinesEveryRowOfADuplicatedKeyComparingNullsLikeValues(TestPipeline p) {
    RowResult result = check(p, ROWS, RULE);
    PAssert.that(result.rows()).containsInAnyOrder(FRA, NO_AREA_ALONE);
    PAssert.that(result.rejects()).containsInAnyOrder(REJECTS);
    PipelineResult run = p.run();
    assertEquals(5, counter(run, "unique(REF_AREA, TIME_PERIOD).quarantined"));
  }

  @Test
  void warnKeepsRowsAndCountsViolations(TestPipeline p) {
    RowResult result = check(p, ROWS, RULE.withAction(RuleAction.WARN));
    PAssert.that(result.rows()).containsInAnyOrder(ROWS);
    PAssert.that(result.rejects()).empty();
    PipelineResult run = p.run();
    assertEquals(5, counter(run, "unique(REF_AREA, TIME_PERIOD).warned"));
  }

  @Test
  void failStopsTheRunNamingRuleSourceAndReason(TestPipeline p) {
    check(p, List.of(FRA, NO_AREA_1, NO_AREA_2), RULE.withAction(RuleAction.FAIL));
    QualityRuleFailed failure = runExpectingFailure(p);
    // Either row of the pair may be met first.
    String line = failure.source();
    assertEquals("rule unique(REF_AREA, TIME_PERIOD) failed (action: fail) at " + line
        + ": key (REF_AREA, TIME_PERIOD)=(null, 2024-02-01) occurs 2 times", failure.getMessage());
    assertEquals(true, line.equals("obs.csv:6") || line.equals("obs.csv:7"), line);
  }

  @Test
  void refusesAMissingColumn(TestPipeline p) {
    assertEquals("unique(REF_AREA, YEAR): no column 'YEAR'; columns are " + COLUMNS,
        expandError(p, SCHEMA, UniqueKey.of(List.of("REF_AREA", "YEAR"))));
  }

  @Test
  void refusesAColumnWithoutComparableValues(TestPipeline p) {
    Schema tagged = Schema.builder().addArrayField("TAGS", FieldType.STRING).build();
    assertEquals("unique(TAGS): column TAGS has an unsupported field type ARRAY",
        expandError(p, tagged, UniqueKey.of(List.of("TAGS"))));
  }
}
