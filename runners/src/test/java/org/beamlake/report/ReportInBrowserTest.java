package org.beamlake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.beamlake.cli.DemoLake;
import org.beamlake.lake.Lake;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The demo's run report opened in headless Chromium, as a person would: no console errors, every
 * declared chart drawn with all its points, and a screenshot in {@code target/run-report.png}.
 *
 * <p>Chromium comes from the Debian package {@code chromium}; when it is missing and the tests run
 * as root with apt-get, it is installed here. Otherwise the test is skipped, saying why.
 */
class ReportInBrowserTest {
  static final Path SCREENSHOT = Path.of("target", "run-report.png");

  @Test
  void theReportRendersEveryChartWithItsPointsAndNoConsoleErrors() throws Exception {
    Optional<Path> chromium = chromium();
    Assumptions.assumeTrue(chromium.isPresent(), "Chromium is not installed and could not be installed here "
        + "(needs root and apt-get: apt-get install -y chromium); the report was not checked in a browser");
    Lake lake = DemoLake.get();
    Path report = Path.of(RunReport.location(lake, DemoLake.RUN_ID));
    try (HeadlessChromium browser = HeadlessChromium.start(chromium.get())) {
      browser.call("Runtime.enable", Map.of());
      browser.call("Log.enable", Map.of());
      browser.call("Page.enable", Map.of());
      var loaded = browser.next("Page.loadEventFired");
      browser.call("Page.navigate", Map.of("url", report.toUri().toString()));
      loaded.get(60, TimeUnit.SECONDS);

      assertEquals("4", browser.evaluate("document.body.dataset.chartsDrawn").asText());
      JsonNode figures = browser.evaluate("Array.from(document.querySelectorAll('figure.chart')).map(f => "
          + "f.dataset.table + ' ' + f.dataset.expectedPoints + ' ' + f.dataset.drawnPoints)");
      assertEquals("[\"stats_country_indicator 6 6\",\"stats_country_indicator 18 18\",\"stats_country_global 6 6\","
          + "\"life_expectancy 47 47\"]", figures.toString());
      JsonNode canvases = browser.evaluate("Array.from(document.querySelectorAll('figure.chart canvas')).map(c => "
          + "c.width > 0 && c.height > 0 && Chart.getChart(c) !== undefined)");
      assertEquals("[true,true,true,true]", canvases.toString());

      int height = browser.evaluate("document.documentElement.scrollHeight").asInt();
      browser.call("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", height,
          "deviceScaleFactor", 1, "mobile", false));
      JsonNode shot = browser.call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
      Files.createDirectories(SCREENSHOT.getParent());
      Files.write(SCREENSHOT, Base64.getDecoder().decode(shot.get("data").asText()));
      assertTrue(Files.size(SCREENSHOT) > 50_000, "screenshot of " + Files.size(SCREENSHOT) + " bytes");

      assertEquals(List.of(), problems(browser.events()));
    }
  }

  @Test
  void theBrowserCheckSeesConsoleErrorsExceptionsAndBlockedLoads(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Optional<Path> chromium = chromium();
    Assumptions.assumeTrue(chromium.isPresent(), "Chromium is not installed and could not be installed here");
    Path page = tmp.resolve("broken.html");
    Files.writeString(page, "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
        + "content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body>"
        + "<script>console.error('drawn: 0 of 6'); console.log('fine');</script>"
        + "<script>throw new Error('no chart');</script><img src=\"data:image/png;base64,AAAA\"></body></html>");
    try (HeadlessChromium browser = HeadlessChromium.start(chromium.get())) {
      browser.call("Runtime.enable", Map.of());
      browser.call("Log.enable", Map.of());
      browser.call("Page.enable", Map.of());
      var loaded = browser.next("Page.loadEventFired");
      browser.call("Page.navigate", Map.of("url", page.toUri().toString()));
      loaded.get(60, TimeUnit.SECONDS);
      List<String> problems = problems(browser.events());
      assertEquals(3, problems.size(), problems.toString());
      assertEquals(List.of("console.error: drawn: 0 of 6", "exception: Uncaught Error: no chart"), problems.subList(0, 2));
      assertTrue(problems.get(2).startsWith("log error (security): Loading the image 'data:image/png;base64,AAAA' "
          + "violates the following Content Security Policy directive"), problems.get(2));
    }
  }

  /** Console errors and warnings, uncaught exceptions and failed loads (a blocked fetch shows here). */
  static List<String> problems(List<JsonNode> events) {
    List<String> problems = new ArrayList<>();
    for (JsonNode event : events) {
      String method = event.path("method").asText();
      JsonNode params = event.path("params");
      if (method.equals("Runtime.exceptionThrown")) {
        JsonNode details = params.path("exceptionDetails");
        problems.add("exception: " + details.path("text").asText() + " "
            + details.at("/exception/description").asText("").lines().findFirst().orElse(""));
      } else if (method.equals("Runtime.consoleAPICalled")
          && List.of("error", "assert", "warning").contains(params.path("type").asText())) {
        List<String> args = new ArrayList<>();
        params.path("args").forEach(a -> args.add(a.has("value") ? a.get("value").asText() : a.path("description").asText()));
        problems.add("console." + params.path("type").asText() + ": " + String.join(" ", args));
      } else if (method.equals("Log.entryAdded")
          && List.of("error", "warning").contains(params.at("/entry/level").asText())) {
        problems.add("log " + params.at("/entry/level").asText() + " (" + params.at("/entry/source").asText() + "): "
            + params.at("/entry/text").asText());
      }
    }
    return problems;
  }

  /** Chromium from the PATH, installing the Debian package first when it is missing and that is possible. */
  static synchronized Optional<Path> chromium() throws Exception {
    Optional<Path> found = HeadlessChromium.find();
    if (found.isPresent() || !System.getProperty("user.name").equals("root") || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      return found;
    }
    if (aptGet("install", "-y", "-q", "chromium") != 0) {
      aptGet("update", "-q");
      aptGet("install", "-y", "-q", "chromium");
    }
    return HeadlessChromium.find();
  }

  private static int aptGet(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("apt-get"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process process = builder.start();
    if (!process.waitFor(15, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }
}
