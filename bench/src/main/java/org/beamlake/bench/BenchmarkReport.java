package org.beamlake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Rewrites the measured part of {@code BENCHMARKS.md}, between {@code <!-- measured:begin -->} and
 * {@code <!-- measured:end -->}; the text around it (what was changed and why) is written by hand
 * and kept.
 */
final class BenchmarkReport {
  static final String BEGIN = "<!-- measured:begin -->";
  static final String END = "<!-- measured:end -->";

  record Input(List<Benchmark.Runs> runs, Map<Long, String> digests, String command, String loadBefore,
      String loadAfter, double minutes, EngineProcess processes) {}

  private BenchmarkReport() {}

  static void write(Path file, Input in) throws IOException {
    String measured = BEGIN + "\n" + render(in) + END;
    String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    if (b < 0 || e < b) {
      throw new IllegalStateException(file + " has no '" + BEGIN + "' ... '" + END + "' section to rewrite");
    }
    Files.writeString(file, text.substring(0, b) + measured + text.substring(e + END.length()));
  }

  static String render(Input in) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, """
        Run of %s, %.0f minutes: `%s`

        | | |
        |---|---|
        | machine | %s, %d cores visible, %s RAM; engines pinned to cores `%s`, heap `-Xmx%s -Xms%s` |
        | load average before / after | %s / %s |
        | versions | Java %s; Beam %s; Spark %s (runner and native); DuckDB %s |

        """, Instant.now().truncatedTo(ChronoUnit.SECONDS), in.minutes(), in.command(), cpuModel(),
        Runtime.getRuntime().availableProcessors(), memTotal(), in.processes().cores(), in.processes().heap(),
        in.processes().heap(), in.loadBefore(), in.loadAfter(), System.getProperty("java.version"),
        org.apache.beam.sdk.util.ReleaseInfo.getReleaseInfo().getVersion(), org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        duckDbVersion()));

    out.append("| rows | engine | runs (s) | median (s) | rows/s | peak RSS (MiB) |\n|---:|---|---|---:|---:|---:|\n");
    for (Benchmark.Runs r : in.runs()) {
      double median = r.medianSeconds();
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |\n", r.shape().label(), r.engine().description(),
          r.runs().stream().map(m -> m.seconds().map(s -> String.format(Locale.ROOT, "%.1f", s))
              .orElse(m.outcome())).collect(Collectors.joining(", ")),
          Double.isNaN(median) ? "—" : String.format(Locale.ROOT, "%.1f", median),
          Double.isNaN(median) ? "—" : String.format(Locale.ROOT, "%,.0f", r.shape().rows() / median),
          r.peakRssMb() < 0 ? "—" : Long.toString(r.peakRssMb())));
    }

    out.append("\nT(N) = a + b·N, least squares over the sizes' medians:\n\n| engine | a (s) | b (µs/row) |\n|---|---:|---:|\n");
    List<Engine> fitted = new ArrayList<>();
    for (Engine engine : Engine.values()) {
      fit(in, engine).ifPresent(f -> {
        fitted.add(engine);
        out.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f |\n", engine.description(), f.a(), f.b() * 1e6));
      });
    }

    out.append("\nRatios (same run):\n\n");
    ratio(in, Engine.BEAMLAKE_SPARK, Engine.SPARK, out);
    ratio(in, Engine.BEAMLAKE_SPARK, Engine.DUCKDB, out);
    ratio(in, Engine.BEAMLAKE_DIRECT, Engine.BEAMLAKE_SPARK, out);
    ratio(in, Engine.BEAMLAKE_DIRECT_CHECKED, Engine.BEAMLAKE_DIRECT, out);

    out.append("\nAgreement: after every run, every row of both tables was compared with the first engine's (same keys,"
        + " values within 1e-9 relative); all agreed. Rows and sums (avg, median, min, max, count; slope, count):\n\n");
    in.digests().forEach((rows, digest) -> out.append("- ").append(DataShape.worldIndicators(rows).label())
        .append(": `").append(digest.split("\\|", 2)[1]).append("`\n"));
    return out.toString();
  }

  private static void ratio(Input in, Engine num, Engine den, StringBuilder out) {
    List<String> parts = new ArrayList<>();
    for (Benchmark.Runs r : in.runs()) {
      if (r.engine() != num) {
        continue;
      }
      in.runs().stream().filter(d -> d.engine() == den && d.shape().equals(r.shape())).findFirst().ifPresent(d -> {
        double x = r.medianSeconds() / d.medianSeconds();
        parts.add(r.shape().label() + " " + (Double.isNaN(x) ? "—" : String.format(Locale.ROOT, "%.2f", x)));
      });
    }
    if (parts.isEmpty()) {
      return;
    }
    Optional<LinearFit> a = fit(in, num);
    Optional<LinearFit> b = fit(in, den);
    out.append("- ").append(num.id()).append(" / ").append(den.id()).append(": wall time ").append(String.join(", ", parts));
    if (a.isPresent() && b.isPresent()) {
      out.append(String.format(Locale.ROOT, "; per-row cost b %.2f", a.get().b() / b.get().b()));
    }
    out.append("\n");
  }

  private static Optional<LinearFit> fit(Input in, Engine engine) {
    List<Benchmark.Runs> points = in.runs().stream().filter(r -> r.engine() == engine && !Double.isNaN(r.medianSeconds())).toList();
    if (points.size() < 2) {
      return Optional.empty();
    }
    return Optional.of(LinearFit.of(points.stream().mapToDouble(r -> r.shape().rows()).toArray(),
        points.stream().mapToDouble(Benchmark.Runs::medianSeconds).toArray()));
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .map(l -> String.format(Locale.ROOT, "%.0f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0))
          .findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static String duckDbVersion() {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        ResultSet r = db.createStatement().executeQuery("SELECT version()")) {
      r.next();
      return r.getString(1);
    } catch (SQLException e) {
      return "?";
    }
  }
}
