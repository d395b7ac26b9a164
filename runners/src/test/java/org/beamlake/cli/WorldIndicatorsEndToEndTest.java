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
import org.beamlake.ml.ModelArtifact;
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

  /**
   * On Spark each partition writes its own trusted files, published in order from their list; the
   * DirectRunner writes one file. The rows are the same (above).
   */
  @Test
  void sparkWritesTrustedFilesPerPartitionAndTheDirectRunnerOne() {
    assertEquals(List.of("part-00000-of-00001.parquet"),
        org.beamlake.lake.TableCommit.read(direct.trusted("indicators")).orElseThrow().files());
    List<String> files = org.beamlake.lake.TableCommit.read(spark.trusted("indicators")).orElseThrow().files();
    assertEquals(publishedNames(files.size()), files);
    assertTrue(files.size() >= 2, files.toString()); // local[2]: two partitions at least
  }

  /**
   * A refined table without partitions or shards, and a model's scored rows, are written as a trusted
   * dataset is: on Spark by each partition, files published in order from their list; on the
   * DirectRunner one file. A partitioned table keeps one file per partition value on both.
   */
  @Test
  void sparkWritesUnpartitionedRefinedFilesPerPartitionAndTheDirectRunnerOne() {
    for (String table : List.of("stats_country_global", "life_expectancy")) {
      assertEquals(List.of("part-00000-of-00001.parquet"), parquetFiles(direct, table), table);
      List<String> files = parquetFiles(spark, table);
      assertEquals(publishedNames(files.size()), files, table);
      assertTrue(files.size() >= 2, table + ": " + files); // local[2]: two partitions at least
    }
    for (String table : List.of("indicator_trend_predictions", "country_segments_clusters")) {
      assertEquals(List.of("part-00000-of-00001.parquet"), parquetFiles(direct, table), table);
      List<String> files = parquetFiles(spark, table);
      assertEquals(publishedNames(files.size()), files, table);
      assertTrue(files.size() >= 2, table + ": " + files);
    }
    for (Lake lake : List.of(direct, spark)) {
      List<String> files = parquetFiles(lake, "stats_country_indicator");
      assertTrue(!files.isEmpty() && files.stream().allMatch(f -> f.matches("DATABASE_ID=[^/]+/part-00000-of-00001\\.parquet")),
          files.toString());
    }
  }

  /** The names of {@code n} files published from a write in bundles, in order. */
  private static List<String> publishedNames(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(String.format("part-%05d-of-%05d.parquet", i, n));
    }
    return names;
  }

  /** The Parquet files of a committed refined table, as its commit lists them. */
  private static List<String> parquetFiles(Lake lake, String table) {
    return org.beamlake.lake.TableCommit.read(lake.refined(table)).orElseThrow().files().stream()
        .filter(f -> f.endsWith(".parquet")).toList();
  }

  @Test
  void modelsFitAndScoreTheSameOnBothRunners() throws Exception {
    for (String model : List.of("indicator_trend", "country_segments")) {
      assertEquals(ModelArtifact.read(direct.base() + "refined", model, "r1").toJson(),
          ModelArtifact.read(spark.base() + "refined", model, "r1").toJson(), model);
    }
    for (String table : List.of("indicator_trend_predictions", "indicator_trend_metrics", "country_segments_clusters",
        "country_segments_metrics")) {
      assertEquals(DemoProject.rows(direct.refined(table)), DemoProject.rows(spark.refined(table)), table);
    }
  }

  @Test
  void theTrendModelPredictsTheNextFiveYearsOfEachIndicator() throws Exception {
    ModelArtifact trend = ModelArtifact.read(direct.base() + "refined", "indicator_trend", "r1");
    assertEquals(List.of(List.of("WB_ESG_EN_ATM_CO2E_PC"), List.of("WB_SE4ALL_EG_ELC_ACCS_ZS"),
        List.of("WB_WDI_SP_DYN_LE00_IN")), trend.groups().stream().map(ModelArtifact.GroupModel::group).toList());
    assertEquals(List.of("TIME_PERIOD", "INDICATOR", "prediction"),
        DemoProject.columns(direct.refined("indicator_trend_predictions")));
    // Each indicator's last year in trusted, and the line the model fitted for it (features unscaled).
    Map<String, Integer> lastYear = new java.util.TreeMap<>();
    for (List<Object> row : DemoProject.rows(direct.trusted("indicators"))) {
      List<String> columns = DemoProject.columns(direct.trusted("indicators"));
      String indicator = (String) row.get(columns.indexOf("INDICATOR"));
      int year = ((Number) row.get(columns.indexOf("TIME_PERIOD"))).intValue();
      lastYear.merge(indicator, year, Math::max);
    }
    List<List<Object>> expected = new ArrayList<>();
    for (ModelArtifact.GroupModel group : trend.groups()) {
      String indicator = group.group().get(0);
      for (int year = lastYear.get(indicator) + 1; year <= lastYear.get(indicator) + 5; year++) {
        expected.add(List.of(year, indicator, group.intercept() + group.coefficients().get(0) * year));
      }
    }
    expected.sort(Comparator.comparing(Object::toString));
    assertEquals(expected, DemoProject.rows(direct.refined("indicator_trend_predictions")));
    assertEquals(15, expected.size());
  }

  @Test
  void theMetricsTablesAndTheRunRecordHoldEachModelsMetrics() throws Exception {
    ModelArtifact trend = ModelArtifact.read(direct.base() + "refined", "indicator_trend", "r1");
    List<List<Object>> expected = new ArrayList<>();
    for (ModelArtifact.GroupModel group : trend.groups()) {
      assertEquals(List.of("test_mae", "test_r2", "test_rmse", "test_rows", "train_mae", "train_r2", "train_rmse",
          "train_rows"), new ArrayList<>(new java.util.TreeSet<>(group.metrics().keySet())), group.toString());
      group.metrics().forEach((metric, value) ->
          expected.add(List.of("indicator_trend", "r1", group.group().get(0), metric, value)));
    }
    expected.sort(Comparator.comparing(Object::toString));
    assertEquals(expected, DemoProject.rows(direct.refined("indicator_trend_metrics")));

    ModelArtifact segments = ModelArtifact.read(direct.base() + "refined", "country_segments", "r1");
    assertEquals(4, segments.centroids().size());
    List<List<Object>> clusters = DemoProject.rows(direct.refined("country_segments_clusters"));
    List<?> sizes = (List<?>) segments.metrics().get("cluster_sizes");
    List<String> columns = DemoProject.columns(direct.refined("country_segments_clusters"));
    assertEquals(List.of("REF_AREA", "cluster", "distance"), columns);
    for (int c = 0; c < 4; c++) {
      int cluster = c;
      assertEquals(((Number) sizes.get(c)).longValue(), clusters.stream().filter(r -> r.get(1).equals(cluster)).count());
    }
    List<List<Object>> segmentMetrics = DemoProject.rows(direct.refined("country_segments_metrics"));
    List<String> names = segmentMetrics.stream().map(r -> r.get(2) + ":" + r.get(3)).sorted().toList();
    assertEquals(List.of("0:cluster_size", "1:cluster_size", "2:cluster_size", "3:cluster_size", "null:converged",
        "null:iterations", "null:wssse"), names);
    List<Object> wssse = new ArrayList<>(java.util.Arrays.asList("country_segments", "r1", null, "wssse",
        ((Number) segments.metrics().get("wssse")).doubleValue()));
    assertTrue(segmentMetrics.contains(wssse), segmentMetrics.toString());

    // Every country is clustered or quarantined (it lacks one of the three averages).
    long countries = DemoProject.rows(direct.refined("country_profile")).size();
    Map<String, Long> counts = DemoProject.counts(directReports, "ml");
    assertEquals(countries, counts.get("country_segments/training"));
    assertEquals(countries, clusters.size() + counts.getOrDefault("country_segments/quarantined", 0L));
    assertEquals(counts.getOrDefault("country_segments/training_quarantined", 0L),
        counts.getOrDefault("country_segments/quarantined", 0L));

    JsonNode record = new ObjectMapper().readTree(Path.of(direct.runManifest("r1")).toFile());
    JsonNode trendRecord = record.at("/models/indicator_trend");
    assertEquals("linear_regression", trendRecord.path("type").asText());
    assertEquals("r1", trendRecord.path("fitted_in_run").asText());
    assertEquals(trend.trainingRows(), trendRecord.path("training_rows").asLong());
    assertEquals(trend.groups().get(0).metrics().get("test_rmse"),
        trendRecord.at("/groups/0/metrics/test_rmse").asDouble());
    assertEquals(((Number) segments.metrics().get("wssse")).doubleValue(),
        record.at("/models/country_segments/metrics/wssse").asDouble());
  }

  @Test
  void aModelFittedInOneRunScoresTheSameInALaterRun(@TempDir Path later) throws Exception {
    copy(Path.of(direct.base()), later);
    Lake lake = Lake.at(later.toString());
    Map<String, List<List<Object>>> before = new java.util.TreeMap<>();
    for (String table : List.of("indicator_trend_predictions", "country_segments_clusters")) {
      before.put(table, DemoProject.rows(lake.refined(table)));
    }
    Map<String, org.beamlake.project.ModelConfig> fromRun = new java.util.LinkedHashMap<>();
    project.models().forEach((name, model) -> fromRun.put(name, model.withFromRun(name.equals("indicator_trend")
        ? "latest" : "r1")));
    Project scoring = new Project(project.name(), project.description(), project.dir(), project.file(), project.lake(),
        project.sources(), project.datasets(), project.tables(), project.expectations(), fromRun, project.databricks());
    List<StageReport> reports = DemoProject.run(scoring, lake, "r2", RunnerChoice.DIRECT, Stages.Stage.ML);
    for (String table : before.keySet()) {
      assertEquals(before.get(table), DemoProject.rows(lake.refined(table)), table);
      assertEquals("r2", org.beamlake.lake.TableCommit.read(lake.refined(table)).orElseThrow().runId(), table);
    }
    assertTrue(!Files.exists(later.resolve("refined/_models/indicator_trend/r2")), "a model was fitted in r2");
    assertTrue(reports.get(0).inputs().contains(
        ModelArtifact.directory(lake.base() + "refined", "indicator_trend", "r1").toString()), reports.get(0).inputs().toString());
    JsonNode record = new ObjectMapper().readTree(Path.of(lake.runManifest("r2")).toFile());
    assertEquals("r1", record.at("/models/indicator_trend/fitted_in_run").asText());
  }

  static void copy(Path from, Path to) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
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
