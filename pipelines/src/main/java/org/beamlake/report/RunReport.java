package org.beamlake.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.util.MimeTypes;
import org.beamlake.lake.CommitInfo;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableCommit;
import org.beamlake.lake.TableReader;

/**
 * Writes a run's report, {@code _runs/<run_id>.html}, from the run's record ({@code _runs/<run_id>.json})
 * and what the lake holds now: the quarantine of the run and the committed refined tables its
 * charts draw. Needs only the lake, so {@code beamlake report} can rewrite it any time.
 *
 * <pre>{@code
 * String html = RunReport.write(Lake.at("lake"), "20260101T000000Z");   // ".../lake/_runs/20260101T000000Z.html"
 * }</pre>
 *
 * <p>The page is one file: its styles, scripts, data and the Chart.js library (from the WebJar on
 * the classpath) are inlined, and its Content-Security-Policy forbids loading anything else, so it
 * opens the same from a laptop, an S3 download or an email attachment. Each drawn chart records how
 * many points it drew in its figure's {@code data-drawn-points} attribute.
 */
public final class RunReport {
  static final String CHART_JS_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunReport() {}

  /** The report's location for a run. */
  public static String location(Lake lake, String runId) {
    String json = lake.runManifest(runId);
    return json.substring(0, json.length() - ".json".length()) + ".html";
  }

  /** Renders and writes the report of {@code runId}; returns where. Fails if the run has no record. */
  public static String write(Lake lake, String runId) {
    String html = render(lake, runId);
    String file = location(lake, runId);
    try (OutputStream out = Channels.newOutputStream(
        org.beamlake.lake.LakeFiles.replace(file, MimeTypes.TEXT))) {
      out.write(html.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the run report " + file, e);
    }
    return file;
  }

  /** The report of {@code runId} as HTML. */
  public static String render(Lake lake, String runId) {
    JsonNode run;
    try {
      if (!TableCommit.exists(lake.runManifest(runId))) {
        throw new IllegalArgumentException("no run '" + runId + "' is recorded in " + lake.runs());
      }
      try (InputStream in = Channels.newInputStream(FileSystems.open(
          FileSystems.matchNewResource(lake.runManifest(runId), false)))) {
        run = JSON.readTree(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + lake.runManifest(runId), e);
    }
    Map<String, TableReader.Table> tables = new HashMap<>();
    List<ReportPage.Chart> charts = new ArrayList<>();
    for (JsonNode chart : run.path("charts")) {
      String table = chart.path("table").asText();
      Optional<CommitInfo> committed = TableCommit.read(lake.refined(table));
      if (committed.isEmpty()) {
        charts.add(new ReportPage.Chart(chart, null, "refined/" + table + " is not committed yet"));
        continue;
      }
      TableReader.Table rows = tables.computeIfAbsent(table, t -> TableReader.readAll(lake.refined(t)));
      charts.add(new ReportPage.Chart(chart, ChartSpec.of(chart, rows), null));
    }
    ReportPage page = new ReportPage(run, lake.base(), QuarantineSummary.read(lake, runId), charts);
    return page.render(resource("report.css"), chartLibrary(), resource("report.js"));
  }

  /** Chart.js's UMD build from its WebJar, without the source-map comment (there is no map to load). */
  static String chartLibrary() {
    String version = chartJsVersion();
    String path = "META-INF/resources/webjars/chart.js/" + version + "/dist/chart.umd.js";
    return classpath(path).replaceAll("(?m)^//# sourceMappingURL=.*$", "");
  }

  /** The bundled Chart.js version. */
  public static String chartJsVersion() {
    Properties properties = new Properties();
    try (InputStream in = RunReport.class.getClassLoader().getResourceAsStream(CHART_JS_PROPERTIES)) {
      if (in == null) {
        throw new IllegalStateException("Chart.js (org.webjars.npm:chart.js) is missing from the classpath");
      }
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) {
    return classpath("org/beamlake/report/" + name);
  }

  private static String classpath(String path) {
    try (InputStream in = RunReport.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path, e);
    }
  }
}
