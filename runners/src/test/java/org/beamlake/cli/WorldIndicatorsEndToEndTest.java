package org.beamlake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.beamlake.lake.Lake;
import org.beamlake.project.Project;
import org.beamlake.stage.StageReport;
import org.beamlake.stage.Stages;
import org.beamlake.testdata.WorldIndicatorsExpected;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo project end to end on its sample data: DirectRunner and Spark ({@code local[2]}) give the
 * same refined tables, and both equal what the plain-Java oracle computes from the same pages.
 */
class WorldIndicatorsEndToEndTest {
  static final double TOLERANCE = 1e-9;

  @TempDir static Path tmp;
  static Project project;
  static Lake direct;
  static Lake spark;
  static List<StageReport> directReports;
  static List<StageReport> sparkReports;
  static WorldIndicatorsExpected oracle;

  @BeforeAll
  static void runOnBothRunners() throws Exception {
    project = DemoProject.load();
    direct = Lake.at(tmp.resolve("direct").toString());
    spark = Lake.at(tmp.resolve("spark").toString());
    directReports = DemoProject.run(project, direct, "r1", RunnerChoice.DIRECT, Stages.Stage.ALL);
    sparkReports = DemoProject.run(project, spark, "r1", RunnerChoice.SPARK, Stages.Stage.ALL);
    oracle = WorldIndicatorsExpected.compute(DemoProject.DIR.resolve("samples/pages"));
  }

  @Test
  void directAndSparkWriteTheSameRefinedTables() {
    for (String table : List.of("stats_country_indicator", "stats_country_global")) {
      List<List<Object>> a = DemoProject.rows(direct.refined(table));
      List<List<Object>> b = DemoProject.rows(spark.refined(table));
      assertEquals(a.size(), b.size(), table);
      for (int i = 0; i < a.size(); i++) {
        assertRowEquals(a.get(i), b.get(i), table);
      }
    }
    assertEquals(DemoProject.rows(direct.trusted("indicators")), DemoProject.rows(spark.trusted("indicators")));
  }

  @Test
  void refinedTablesEqualTheOracle() {
    List<List<Object>> expected = oracle.statsCountryIndicator().stream()
        .map(s -> List.<Object>of(s.databaseId(), s.refArea(), s.indicator(), s.avgVal(), s.medianVal(), s.minVal(), s.maxVal(), s.countObs()))
        .sorted(Comparator.comparing(Object::toString)).collect(Collectors.toList());
    List<List<Object>> actual = DemoProject.rows(direct.refined("stats_country_indicator"));
    assertEquals(List.of("DATABASE_ID", "REF_AREA", "INDICATOR", "avg_val", "median_val", "min_val", "max_val", "count_obs"),
        DemoProject.columns(direct.refined("stats_country_indicator")));
    assertEquals(18, actual.size());
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < actual.size(); i++) {
      assertRowEquals(expected.get(i), actual.get(i), "stats_country_indicator");
    }
    List<List<Object>> global = DemoProject.rows(direct.refined("stats_country_global"));
    List<List<Object>> expectedGlobal = oracle.statsCountryGlobal().stream()
        .map(s -> List.<Object>of(s.refArea(), s.avgVal(), s.medianVal(), s.minVal(), s.maxVal(), s.countObs()))
        .sorted(Comparator.comparing(Object::toString)).collect(Collectors.toList());
    assertEquals(6, global.size());
    for (int i = 0; i < global.size(); i++) {
      assertRowEquals(expectedGlobal.get(i), global.get(i), "stats_country_global");
    }
  }

  @Test
  void everyRecordReadIsWrittenQuarantinedOrDroppedOnPurpose() {
    for (List<StageReport> reports : List.of(directReports, sparkReports)) {
      Map<String, Long> counts = DemoProject.counts(reports, "etl");
      assertEquals(oracle.recordsRead(), counts.get("indicators/read"));
      assertEquals(219L, counts.get("indicators/read"));
      assertEquals(205L, counts.get("indicators/written"));
      assertEquals(oracle.quarantinedParse() + oracle.quarantinedRules(), counts.get("indicators/quarantined"));
      assertEquals(oracle.deduplicated(), counts.get("indicators/dropped"));
      assertEquals(counts.get("indicators/read"),
          counts.get("indicators/written") + counts.get("indicators/quarantined") + counts.get("indicators/dropped"));
    }
  }

  @Test
  void trustedHasTheTypedColumnsThatVary() {
    assertEquals(List.of("REF_AREA", "INDICATOR", "DATABASE_ID", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "DECIMALS",
            "DATA_SOURCE", "LATEST_DATA", "DB_VERSION"),
        DemoProject.columns(direct.trusted("indicators")));
  }

  @Test
  void quarantineKeepsEachRejectedRecordWithItsReasonAndSource() throws Exception {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of(direct.quarantine("indicators", "r1")))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).collect(Collectors.toList())) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    ObjectMapper json = new ObjectMapper();
    List<String> summary = new ArrayList<>();
    for (String line : lines) {
      JsonNode node = json.readTree(line);
      assertTrue(node.get("source").asText().contains("/raw/data360/ingest_date="), node.toString());
      assertTrue(!node.get("payload").asText().isEmpty());
      summary.add(node.get("step").asText() + " | " + node.path("rule").asText("-") + " | " + node.get("reason").asText());
    }
    summary.sort(String::compareTo);
    assertEquals(List.of(
            "parse | - | OBS_VALUE: expected double, got 'n/a'",
            "parse | - | OBS_VALUE: expected double, got 'n/a'",
            "parse | - | OBS_VALUE: expected double, got 'n/a'",
            "parse | - | TIME_PERIOD: expected int, got '19x5'",
            "parse | - | TIME_PERIOD: expected int, got '19x5'",
            "rules | not_null(REF_AREA, INDICATOR, TIME_PERIOD) | REF_AREA is null",
            "rules | not_null(REF_AREA, INDICATOR, TIME_PERIOD) | REF_AREA is null",
            "rules | range(OBS_VALUE) | OBS_VALUE=-3.5 is below 0",
            "rules | range(OBS_VALUE) | OBS_VALUE=104.2 is above 100",
            "rules | regex(REF_AREA) | REF_AREA='abw' does not match ^[A-Z]{3}$",
            "rules | regex(REF_AREA) | REF_AREA='are' does not match ^[A-Z]{3}$"),
        summary);
  }

  static void assertRowEquals(List<Object> expected, List<Object> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      Object e = expected.get(i);
      Object a = actual.get(i);
      if (e instanceof Double && a instanceof Double) {
        double x = (Double) e;
        double y = (Double) a;
        assertTrue(Math.abs(x - y) <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y)),
            what + ": " + expected + " vs " + actual);
      } else if (e instanceof Number && a instanceof Number) {
        assertEquals(((Number) e).longValue(), ((Number) a).longValue(), what + ": " + expected + " vs " + actual);
      } else {
        assertEquals(e, a, what + ": " + expected + " vs " + actual);
      }
    }
  }
}
