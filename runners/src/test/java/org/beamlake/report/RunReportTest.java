package org.beamlake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.values.Row;
import org.beamlake.cli.DemoLake;
import org.beamlake.cli.Main;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report and the run record of the demo's sample run: what they say, exactly. */
class RunReportTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static Lake lake;
  static String html;
  static JsonNode run;

  @BeforeAll
  static void runTheDemo() throws Exception {
    lake = DemoLake.get();
    html = Files.readString(Path.of(RunReport.location(lake, DemoLake.RUN_ID)), StandardCharsets.UTF_8);
    run = JSON.readTree(Path.of(lake.runManifest(DemoLake.RUN_ID)).toFile());
  }

  @Test
  void theRunRecordHasTheQuarantineByRuleWithTopReasonsTheLineageAndTheCharts() throws Exception {
    assertEquals(JSON.readTree("{\"indicators\":{\"records\":11,\"rules\":["
        + "{\"rule\":\"parse\",\"step\":\"parse\",\"count\":5,\"topReasons\":["
        + "{\"reason\":\"OBS_VALUE: expected double, got 'n/a'\",\"count\":3},"
        + "{\"reason\":\"TIME_PERIOD: expected int, got '19x5'\",\"count\":2}]},"
        + "{\"rule\":\"not_null(REF_AREA, INDICATOR, TIME_PERIOD)\",\"step\":\"rules\",\"count\":2,\"topReasons\":["
        + "{\"reason\":\"REF_AREA is null\",\"count\":2}]},"
        + "{\"rule\":\"range(OBS_VALUE)\",\"step\":\"rules\",\"count\":2,\"topReasons\":["
        + "{\"reason\":\"OBS_VALUE=-3.5 is below 0\",\"count\":1},{\"reason\":\"OBS_VALUE=104.2 is above 100\",\"count\":1}]},"
        + "{\"rule\":\"regex(REF_AREA)\",\"step\":\"rules\",\"count\":2,\"topReasons\":["
        + "{\"reason\":\"REF_AREA='abw' does not match ^[A-Z]{3}$\",\"count\":1},"
        + "{\"reason\":\"REF_AREA='are' does not match ^[A-Z]{3}$\",\"count\":1}]}]}}"), run.get("quarantine"));
    assertEquals(JSON.readTree("{\"sources\":{\"data360\":\"http\"},"
        + "\"datasets\":{\"indicators\":{\"source\":\"data360\",\"uses\":[]}},"
        + "\"tables\":{\"stats_country_indicator\":[\"indicators\"],\"stats_country_global\":[\"indicators\"],"
        + "\"life_expectancy\":[\"indicators\"]}}"), run.get("lineage"));
    assertEquals(JSON.readTree("["
        + "{\"table\":\"stats_country_indicator\",\"type\":\"bar\",\"title\":\"Average life expectancy at birth (years)\","
        + "\"x\":\"REF_AREA\",\"y\":\"avg_val\",\"series\":null,\"where\":{\"INDICATOR\":[\"WB_WDI_SP_DYN_LE00_IN\"]}},"
        + "{\"table\":\"stats_country_indicator\",\"type\":\"bar\",\"title\":\"Highest value of each indicator per country\","
        + "\"x\":\"REF_AREA\",\"y\":\"max_val\",\"series\":\"INDICATOR\",\"where\":{}},"
        + "{\"table\":\"stats_country_global\",\"type\":\"scatter\",\"title\":\"Mean against median over all indicators\","
        + "\"x\":\"avg_val\",\"y\":\"median_val\",\"series\":\"REF_AREA\",\"where\":{}},"
        + "{\"table\":\"life_expectancy\",\"type\":\"line\",\"title\":\"Life expectancy at birth (years)\","
        + "\"x\":\"TIME_PERIOD\",\"y\":\"life_expectancy\",\"series\":\"REF_AREA\","
        + "\"where\":{\"REF_AREA\":[\"AFG\",\"AGO\",\"ALB\",\"ARE\"]}}]"), run.get("charts"));
  }

  @Test
  void theReportShowsStagesZonesAndQuarantine() {
    assertEquals(List.of("capture succeeded", "etl succeeded", "analytics succeeded"),
        matches("<div class=\"stage (\\w+)\" data-stage=\"(\\w+)\">", m -> m.group(2) + " " + m.group(1)));
    assertEquals(List.of("raw data360 6 files capture raw/data360/ingest_date=DATE/run_id=r1/",
            "trusted indicators 205 rows etl trusted/indicators/",
            "quarantine indicators 11 records etl quarantine/indicators/run_id=r1/",
            "refined stats_country_indicator 18 rows analytics refined/stats_country_indicator/",
            "refined stats_country_global 6 rows analytics refined/stats_country_global/",
            "refined life_expectancy 68 rows analytics refined/life_expectancy/"),
        matches("<tr data-zone=\"\\w+\">(.*?)</tr>", m -> text(m.group(1)).replaceAll("ingest_date=[0-9-]+", "ingest_date=DATE")));
    assertEquals(List.of(
            "parse parse 5 OBS_VALUE: expected double, got 'n/a' ×3 TIME_PERIOD: expected int, got '19x5' ×2",
            "not_null(REF_AREA, INDICATOR, TIME_PERIOD) rules 2 REF_AREA is null ×2",
            "range(OBS_VALUE) rules 2 OBS_VALUE=-3.5 is below 0 ×1 OBS_VALUE=104.2 is above 100 ×1",
            "regex(REF_AREA) rules 2 REF_AREA='abw' does not match ^[A-Z]{3}$ ×1 REF_AREA='are' does not match ^[A-Z]{3}$ ×1"),
        matches("<tr><td><code>(.*?)</tr>", m -> text(m.group(1))));
    assertEquals(List.of("source data360", "dataset indicators", "table stats_country_indicator",
            "table stats_country_global", "table life_expectancy"),
        matches("<g class=\"node (\\w+)\" data-name=\"(\\w+)\">", m -> m.group(1) + " " + m.group(2)));
    assertEquals(4, matches("<path class=\"edge\"", m -> "").size());
  }

  @Test
  void everyChartCarriesTheRowsOfItsTable() throws Exception {
    List<Row> life = TableReader.readAll(lake.refined("life_expectancy")).rows();
    long plotted = life.stream().filter(r -> List.of("AFG", "AGO", "ALB", "ARE").contains(r.getString("REF_AREA"))
        && r.getValue("life_expectancy") != null).count();
    assertEquals(47, plotted);
    assertEquals(List.of("stats_country_indicator 6", "stats_country_indicator 18", "stats_country_global 6",
            "life_expectancy 47"),
        matches("<figure class=\"chart\" data-table=\"(\\w+)\" data-expected-points=\"(\\d+)\">", m -> m.group(1) + " " + m.group(2)));

    JsonNode specs = JSON.readTree(matches("<script type=\"application/json\" id=\"report-charts\">(.*?)</script>",
        m -> m.group(1)).get(0));
    assertEquals(4, specs.size());
    JsonNode bars = specs.get(0).get("config");
    assertEquals("[\"ABW\",\"AFG\",\"AGO\",\"ALB\",\"AND\",\"ARE\"]", bars.at("/data/labels").toString());
    assertEquals("[82.2611,58.12025,71.6582,73.90858333333334,79.3704,82.44591666666666]", bars.at("/data/datasets/0/data").toString());
    List<String> series = new ArrayList<>();
    specs.get(3).at("/config/data/datasets").forEach(d -> series.add(d.get("label").asText()));
    assertEquals(List.of("AFG", "AGO", "ALB", "ARE"), series);
    JsonNode afg = specs.get(3).at("/config/data/datasets/0/data");
    Row firstAfg = life.stream().filter(r -> r.getString("REF_AREA").equals("AFG"))
        .min((a, b) -> Integer.compare(a.getInt32("TIME_PERIOD"), b.getInt32("TIME_PERIOD"))).orElseThrow();
    assertEquals(firstAfg.getInt32("TIME_PERIOD"), afg.get(0).get("x").asInt());
    assertEquals(firstAfg.getDouble("life_expectancy"), afg.get(0).get("y").asDouble());
  }

  @Test
  void theReportIsOneFileThatLoadsNothing() {
    assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        + "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">"), "CSP");
    assertTrue(html.contains(" * Chart.js v" + RunReport.chartJsVersion() + "\n"), "Chart.js inlined");
    assertEquals(List.of(), matches("<(?:script|link|img|iframe)[^>]*\\s(?:src|href)=", m -> m.group()));
    assertFalse(html.contains("sourceMappingURL"));
  }

  @Test
  void theReportCommandWritesTheSameReportAgainAndPrintsWhere() throws Exception {
    Path file = Path.of(RunReport.location(lake, DemoLake.RUN_ID));
    Files.writeString(file, "stale");
    String printed = cliOut("report", lake.base());
    assertEquals(file + "\n", printed);
    assertEquals(html, Files.readString(file, StandardCharsets.UTF_8));
    assertEquals(file + "\n", cliOut("report", lake.base(), "--run", "r1"));
    assertEquals(1, Main.execute("report", lake.base(), "--run", "r0"));
  }

  static String cliOut(String... args) {
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
      assertEquals(0, Main.execute(args));
    } finally {
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  static List<String> matches(String regex, java.util.function.Function<Matcher, String> what) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
    while (m.find()) {
      found.add(what.apply(m));
    }
    return found;
  }

  /** The text of an HTML fragment, tags removed, entities decoded, spaces collapsed. */
  static String text(String fragment) {
    return fragment.replaceAll("<[^>]+>", " ").replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<")
        .replace("&gt;", ">").replace("&amp;", "&").replaceAll("\\s+", " ").trim();
  }
}
