package org.beamlake.quality;

import static org.beamlake.quality.RuleTests.SCHEMA;
import static org.beamlake.quality.RuleTests.check;
import static org.beamlake.quality.RuleTests.counter;
import static org.beamlake.quality.RuleTests.obs;
import static org.beamlake.quality.RuleTests.rows;
import static org.beamlake.quality.RuleTests.runExpectingFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.beamlake.quarantine.Lineage;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class CheckRulesTest {
  static final Schema CODES = Schema.builder().addStringField("code").build();

  @Test
  void aRowFailingSeveralRulesIsRejectedOnceWithEveryQuarantineRuleInOrder(TestPipeline p) {
    Row good = obs(2, "USA", "GDP", 50.0, "2024-01-01", 1);
    Row bad = obs(3, "usa", "GDP", 150.0, "2024-01-01", 1);
    RowResult result = check(p, List.of(good, bad),
        MatchesRegex.of("REF_AREA", "[A-Z]{3}"),
        AllowedValues.of("INDICATOR", Set.of("CPI")).withAction(RuleAction.WARN),
        UniqueKey.of(List.of("N")),
        InRange.of("OBS_VALUE", 0, 100));
    PAssert.that(result.rows()).empty();
    PAssert.that(result.rejects()).containsInAnyOrder(
        new QuarantinedRecord("rules", "unique(N)", "key (N)=(1) occurs 2 times",
            "{\"REF_AREA\":\"USA\",\"INDICATOR\":\"GDP\",\"OBS_VALUE\":50.0,\"TIME_PERIOD\":\"2024-01-01\",\"N\":1}",
            "obs.csv:2"),
        new QuarantinedRecord("rules", "regex(REF_AREA); unique(N); range(OBS_VALUE)",
            "REF_AREA='usa' does not match [A-Z]{3}; key (N)=(1) occurs 2 times; OBS_VALUE=150.0 is above 100",
            "{\"REF_AREA\":\"usa\",\"INDICATOR\":\"GDP\",\"OBS_VALUE\":150.0,\"TIME_PERIOD\":\"2024-01-01\",\"N\":1}",
            "obs.csv:3"));
    PipelineResult run = p.run();
    assertEquals(2, counter(run, "allowed_values(INDICATOR).warned"));
    assertEquals(2, counter(run, "unique(N).quarantined"));
    assertEquals(1, counter(run, "regex(REF_AREA).quarantined"));
    assertEquals(1, counter(run, "range(OBS_VALUE).quarantined"));
  }

  @Test
  void aFailRuleFailsTheRunEvenWhenOtherRulesQuarantineTheRow(TestPipeline p) {
    check(p, List.of(obs(2, null, "GDP", 150.0, null, 1)),
        InRange.of("OBS_VALUE", 0, 100),
        NotNull.columns(List.of("REF_AREA")).withAction(RuleAction.FAIL));
    assertEquals("rule not_null(REF_AREA) failed (action: fail) at obs.csv:2: REF_AREA is null",
        runExpectingFailure(p).getMessage());
  }

  /** Lines 2..101: which rules each breaks is known from its number, listed in {@link #isBad}. */
  static Row mixed(int i) {
    String area = i % 10 == 0 ? null : i % 13 == 0 ? "usa" : "A" + (char) ('A' + i % 26) + (char) ('A' + i / 26);
    String indicator = i % 19 == 0 ? null : i % 9 == 0 ? "XXX" : i % 2 == 0 ? "GDP" : "CPI";
    double value = i % 7 == 0 ? 150.0 : i;
    int n = i % 17 == 0 ? i - 1 : i;
    return obs(i + 1, area, indicator, value, "2024-01-01", n);
  }

  static boolean isBad(int i) {
    return i % 10 == 0 || i % 13 == 0 || i % 7 == 0 || i % 17 == 0 || (i + 1) % 17 == 0
        || (i % 9 == 0 && i % 19 != 0);
  }

  @Test
  void everyRowEndsInExactlyOneOfRowsAndRejects(TestPipeline p) {
    assertEveryRowEndsOnce(p, CheckRules.DEFAULT_HOT_KEY_ROWS);
  }

  /** With 2, duplicated keys of 2 rows are joined and every indicator's rows use the side input. */
  @Test
  void hotKeysReachTheSameVerdictsThroughTheSideInput(TestPipeline p) {
    assertEveryRowEndsOnce(p, 2);
  }

  static void assertEveryRowEndsOnce(TestPipeline p, long hotKeyRows) {
    List<Integer> numbers = IntStream.rangeClosed(1, 100).boxed().collect(Collectors.toList());
    PCollection<Row> indicators = rows(p, "Indicators", CODES,
        Row.withSchema(CODES).addValue("GDP").build(), Row.withSchema(CODES).addValue("CPI").build());
    RowResult result = rows(p, "Mixed", SCHEMA, numbers.stream().map(CheckRulesTest::mixed).toArray(Row[]::new))
        .apply(CheckRules.of(List.of(
            NotNull.columns(List.of("REF_AREA")),
            MatchesRegex.of("REF_AREA", "[A-Z]{3}"),
            InRange.of("OBS_VALUE", 0, 100),
            AllowedValues.of("INDICATOR", Set.of("GDP")).withAction(RuleAction.WARN),
            UniqueKey.of(List.of("N")),
            Referential.of("INDICATOR", "indicators", indicators, "code")))
            .withHotKeyRows(hotKeyRows));
    assertEquals(SCHEMA, result.rows().getSchema());
    List<String> good = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    numbers.forEach(i -> (isBad(i) ? bad : good).add("obs.csv:" + (i + 1)));
    PAssert.that(result.rows().apply("RowSources", MapElements.into(TypeDescriptors.strings()).via(Lineage::of)))
        .containsInAnyOrder(good);
    PAssert.that(result.rejects().apply("RejectSources",
        MapElements.into(TypeDescriptors.strings()).via(QuarantinedRecord::source))).containsInAnyOrder(bad);
    p.run();
    assertEquals(100, good.size() + bad.size());
    assertEquals(46, bad.size());
  }

  @Test
  void hotAndColdDuplicatesGiveTheSameRejects(TestPipeline p) {
    RowResult result = RuleTests.rows(p, UniqueKeyTest.ROWS.toArray(new Row[0]))
        .apply(CheckRules.of(List.of(UniqueKeyTest.RULE)).withHotKeyRows(2));
    PAssert.that(result.rows()).containsInAnyOrder(UniqueKeyTest.FRA, UniqueKeyTest.NO_AREA_ALONE);
    PAssert.that(result.rejects()).containsInAnyOrder(UniqueKeyTest.REJECTS);
    p.run();
  }

  @Test
  void refusesANonPositiveHotKeyThreshold() {
    assertEquals("hotKeyRows must be > 0, got 0", assertThrows(IllegalArgumentException.class,
        () -> CheckRules.of(List.of(UniqueKeyTest.RULE)).withHotKeyRows(0)).getMessage());
  }

  @Test
  void needsRowsWithASchema(TestPipeline p) {
    p.enableAbandonedNodeEnforcement(false);
    PCollection<Row> untyped = p.apply(Create.of(obs(2, "USA", "GDP", 1.0, null, 1))
        .withCoder(SerializableCoder.of(Row.class)));
    CheckRules rules = CheckRules.of(List.of(NotNull.columns(List.of("REF_AREA"))));
    assertEquals("CheckRules needs rows with a schema; use setRowSchema",
        assertThrows(IllegalArgumentException.class, () -> untyped.apply(rules)).getMessage());
  }

  @Test
  void needsAtLeastOneRule() {
    assertEquals("CheckRules needs at least one rule",
        assertThrows(IllegalArgumentException.class, () -> CheckRules.of(List.of())).getMessage());
  }
}
