package org.beamlake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark command ({@code bench/run}): generates the data at each size, runs every engine on it
 * in turn (the order rotated each round), checks that all engines' results agree, and rewrites the
 * measured section of {@code BENCHMARKS.md}.
 *
 * <p>Options: {@code --sizes 1M,4M} {@code --repeats 3} {@code --engines beamlake-spark,spark,duckdb}
 * {@code --direct-sizes 1M} (sizes at which the DirectRunner also runs, once) {@code --checked-sizes 1M}
 * (sizes at which the DirectRunner also runs once with its checks on; none by default) {@code --timeout 1200}
 * (seconds per run) {@code --direct-timeout 600} {@code --cores 0,1} {@code --heap 4g} {@code --work bench/target/bench} {@code
 * --report BENCHMARKS.md}. With {@code --capture ROWS} it runs the capture benchmark instead
 * ({@link CaptureBenchmark}).
 */
public final class Benchmark {
  private Benchmark() {}

  /** The measurements of one engine at one size. */
  record Runs(Engine engine, DataShape shape, List<EngineProcess.Measurement> runs) {
    /** Median seconds of the finished runs, or NaN if none finished. */
    double medianSeconds() {
      double[] s = runs.stream().flatMap(r -> r.seconds().stream()).mapToDouble(Double::doubleValue).sorted().toArray();
      return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    long peakRssMb() {
      return runs.stream().mapToLong(EngineProcess.Measurement::peakRssMb).max().orElse(-1);
    }
  }

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench/run: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void run(String[] args) throws Exception {
    Map<String, String> options = options(args);
    if (options.containsKey("capture")) {
      checkKnown(options, CAPTURE_OPTIONS, "the capture benchmark (--capture)");
      CaptureBenchmark.run(options, "bench/run " + String.join(" ", args));
      return;
    }
    checkKnown(options, WORKLOAD_OPTIONS, "the workload benchmark");
    List<Long> sizes = sizes(options);
    List<Long> directSizes = sizesAmong(options, "direct-sizes", DataShape.label(sizes.get(0)), sizes);
    List<Long> checkedSizes = sizesAmong(options, "checked-sizes", "", sizes);
    List<Engine> engines = Arrays.stream(options.getOrDefault("engines", "beamlake-spark,spark,duckdb").split(","))
        .map(Engine::of).toList();
    int repeats = Integer.parseInt(options.getOrDefault("repeats", "3"));
    Path work = Path.of(options.getOrDefault("work", "bench/target/bench")).toAbsolutePath();
    Path report = Path.of(options.getOrDefault("report", "BENCHMARKS.md"));
    EngineProcess processes = new EngineProcess(options.getOrDefault("cores", "0,1"), options.getOrDefault("heap", "4g"),
        jvmFlags(), Long.parseLong(options.getOrDefault("timeout", "1200")));
    EngineProcess directProcesses = new EngineProcess(processes.cores(), processes.heap(), processes.jvmFlags(),
        Long.parseLong(options.getOrDefault("direct-timeout", "600")));

    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    long started = System.nanoTime();
    List<Runs> all = new ArrayList<>();
    Map<Long, String> digests = new LinkedHashMap<>();
    for (long rows : sizes) {
      DataShape shape = DataShape.worldIndicators(rows);
      Path data = Checksums.dataSet(shape, work.resolve("data"));
      log("data " + shape.label() + ": " + data + " (SHA-256 " + Files.readString(data.resolve("SHA256")).trim() + ")");
      List<Engine> here = new ArrayList<>(engines);
      if (directSizes.contains(rows)) {
        here.add(Engine.BEAMLAKE_DIRECT);
      }
      if (checkedSizes.contains(rows)) {
        here.add(Engine.BEAMLAKE_DIRECT_CHECKED);
      }
      Map<Engine, List<EngineProcess.Measurement>> measured = new LinkedHashMap<>();
      here.forEach(e -> measured.put(e, new ArrayList<>()));
      for (int round = 0; round < repeats; round++) {
        for (int i = 0; i < here.size(); i++) {
          Engine engine = here.get((i + round) % here.size());
          if (engine.onDirectRunner() && round > 0) {
            continue; // once: it is the slow reference, not a contender
          }
          Path engineWork = work.resolve("runs").resolve(shape.label()).resolve(engine.id());
          delete(engineWork);
          Files.createDirectories(engineWork);
          Path logFile = work.resolve("logs").resolve(shape.label() + "-" + engine.id() + "-" + round + ".log");
          Files.createDirectories(logFile.getParent());
          EngineProcess.Measurement m = (engine.onDirectRunner() ? directProcesses : processes)
              .run(engine, data, engineWork, logFile);
          measured.get(engine).add(m);
          log(shape.label() + " " + engine.id() + " round " + (round + 1) + ": "
              + m.seconds().map(s -> String.format("%.1f s", s)).orElse(m.outcome()) + ", peak RSS " + m.peakRssMb() + " MiB");
          if (m.seconds().isPresent()) {
            // The first engine's results are kept as the reference for this size; the others are compared to them.
            Path reference = work.resolve("reference").resolve(shape.label());
            if (!digests.containsKey(rows)) {
              delete(reference);
              Files.createDirectories(reference.getParent());
              Files.move(engineWork, reference);
              digests.put(rows, engine.id() + "|" + ResultDigest.of(engine, reference).text());
            } else {
              Engine first = Engine.of(digests.get(rows).split("\\|", 2)[0]);
              long differing = ResultDigest.differences(first, reference, engine, engineWork);
              if (differing != 0) {
                throw new IllegalStateException("results differ at " + shape.label() + ": " + differing + " rows of "
                    + engine.id() + " differ from " + first.id() + "'s (" + engineWork + " against " + reference + ")");
              }
            }
          }
        }
      }
      measured.forEach((engine, runs) -> all.add(new Runs(engine, shape, runs)));
      // After every size, so a long run that is stopped still leaves what it measured.
      String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
      String command = "bench/run " + String.join(" ", args);
      BenchmarkReport.write(report, new BenchmarkReport.Input(all, digests, command, loadBefore, loadAfter,
          (System.nanoTime() - started) / 60e9, processes));
      log("wrote " + report.toAbsolutePath() + " (sizes up to " + shape.label() + ")");
    }
  }

  /** The options of the workload benchmark. */
  static final Set<String> WORKLOAD_OPTIONS = Set.of("sizes", "repeats", "engines", "direct-sizes", "checked-sizes",
      "timeout", "direct-timeout", "cores", "heap", "work", "report");
  /** The options of the capture benchmark ({@link CaptureBenchmark}). */
  static final Set<String> CAPTURE_OPTIONS = Set.of("capture", "repeats", "warmup", "runner", "http", "series", "pages",
      "latency-ms", "rate-limit", "work", "report");

  /** Refuses an option the chosen benchmark does not read (a misspelt one would otherwise be ignored). */
  static void checkKnown(Map<String, String> options, Set<String> known, String benchmark) {
    for (String name : options.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + " for " + benchmark + "; expected one of "
            + known.stream().sorted().map(k -> "--" + k).collect(Collectors.joining(", ")));
      }
    }
  }

  /** Row counts such as {@code 1M,4M}; an empty text is none. */
  static List<Long> rows(String text) {
    return Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(DataShape::parseRows).toList();
  }

  /** The sizes to generate and measure, {@code --sizes} (1M,4M by default): at least one. */
  static List<Long> sizes(Map<String, String> options) {
    List<Long> sizes = rows(options.getOrDefault("sizes", "1M,4M"));
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("--sizes '" + options.get("sizes") + "': expected one size or more, such as 1M,4M");
    }
    return sizes;
  }

  /**
   * The sizes of option {@code name} (or {@code defaultValue}), each one of {@code sizes}: an engine
   * that runs only at some sizes runs at sizes that are generated and measured.
   */
  static List<Long> sizesAmong(Map<String, String> options, String name, String defaultValue, List<Long> sizes) {
    String text = options.getOrDefault(name, defaultValue);
    List<Long> among = rows(text);
    for (long size : among) {
      if (!sizes.contains(size)) {
        throw new IllegalArgumentException("--" + name + " " + text + ": " + DataShape.label(size)
            + " is not one of --sizes " + sizes.stream().map(DataShape::label).collect(Collectors.joining(",")));
      }
    }
    return among;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  /** Spark's Java 17 flags, as the build keeps them in .mvn/jvm.config. */
  static List<String> jvmFlags() throws IOException {
    Path config = Path.of(".mvn", "jvm.config");
    return Files.exists(config) ? Arrays.asList(Files.readString(config).trim().split("\\s+")) : List.of();
  }

  static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void log(String line) {
    System.out.println("[bench] " + line);
  }
}
