package org.beamlake.stage;

import java.io.PrintStream;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.beamlake.capture.CaptureCounters;
import org.joda.time.Duration;

/**
 * Waits for a stage's pipeline and, on a terminal, keeps one console line up to date with what the
 * capture has fetched so far, per source (pages, files, records, requests and retries, bytes), read
 * from Beam's counters ({@link CaptureCounters}) about once a second; the last state stays on the
 * screen. Off the terminal (CI, {@code --quiet}, tests) it only waits: the stage's summary and the
 * run log say the rest.
 *
 * <p>The line is live where the runner returns before the pipeline finishes (Spark, in-process or
 * on a cluster); the DirectRunner finishes inside {@code run()}, so there it shows the final state.
 */
public final class Progress {
  private static volatile PrintStream live;

  private Progress() {}

  /** Where live progress goes for this process (the CLI passes the terminal), or null for none. */
  public static void showOn(PrintStream console) {
    live = console;
  }

  /** Waits for a capture pipeline to finish, showing its progress when a console is set. */
  static void awaitCapture(PipelineResult result) {
    PrintStream console = live;
    if (console == null) {
      result.waitUntilFinish();
      return;
    }
    String shown = "";
    while (true) {
      PipelineResult.State state = result.waitUntilFinish(Duration.standardSeconds(1));
      boolean done = state != null && state.isTerminal();
      String line = captureLine(captureCounts(result));
      if (!line.equals(shown) || done) {
        // \r rewrites the line in place; spaces wipe what a longer previous line left.
        console.print("\r" + line + " ".repeat(Math.max(0, shown.length() - line.length())) + (done ? "\n" : ""));
        console.flush();
        shown = line;
      }
      if (done) {
        return;
      }
    }
  }

  /** The capture counters so far, per source (the first part of the step's name) and counter. */
  static Map<String, Map<String, Long>> captureCounts(PipelineResult result) {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    try {
      for (MetricResult<Long> counter : result.metrics().queryMetrics(MetricsFilter.builder()
          .addNameFilter(MetricNameFilter.inNamespace(CaptureCounters.NAMESPACE)).build()).getCounters()) {
        String step = counter.getKey().stepName();
        String source = step.contains("/") ? step.substring(0, step.indexOf('/')) : step;
        counts.computeIfAbsent(source, s -> new TreeMap<>())
            .merge(counter.getName().getName(), counter.getAttempted(), Long::sum);
      }
    } catch (RuntimeException e) {
      // A runner may not answer before its job has started: no progress yet, not a failure.
    }
    return counts;
  }

  /** {@code capture: data360 25 pages, 23,603 records, 28 requests (3 retried), 5.1 MB · dvd …}. */
  static String captureLine(Map<String, Map<String, Long>> counts) {
    StringJoiner sources = new StringJoiner(" · ", "  capture: ", "");
    if (counts.isEmpty()) {
      return "  capture: starting";
    }
    counts.forEach((source, c) -> {
      StringJoiner parts = new StringJoiner(", ", source + " ", "");
      count(parts, c, CaptureCounters.PAGES, "page");
      count(parts, c, CaptureCounters.FILES, "file");
      count(parts, c, CaptureCounters.RECORDS, "record");
      long requests = c.getOrDefault(CaptureCounters.REQUESTS, 0L);
      if (requests > 0) {
        long retries = c.getOrDefault(CaptureCounters.RETRIES, 0L);
        parts.add(String.format("%,d request%s", requests, requests == 1 ? "" : "s")
            + (retries > 0 ? String.format(" (%,d retried)", retries) : ""));
      }
      parts.add(bytes(c.getOrDefault(CaptureCounters.BYTES, 0L)));
      sources.add(parts.toString());
    });
    return sources.toString();
  }

  private static void count(StringJoiner parts, Map<String, Long> c, String name, String noun) {
    long n = c.getOrDefault(name, 0L);
    if (n > 0) {
      parts.add(String.format("%,d %s%s", n, noun, n == 1 ? "" : "s"));
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }
}
