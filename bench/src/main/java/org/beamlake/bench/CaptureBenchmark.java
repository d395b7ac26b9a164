package org.beamlake.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.beamlake.capture.Secrets;
import org.beamlake.cli.Main;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The capture benchmark ({@code bench/run --capture ROWS[,ROWS…]}): what beamlake's capture into raw costs
 * against the floor each kind of source sets.
 *
 * <ul>
 *   <li>JDBC: a table of ROWS rows in an embedded PostgreSQL on 127.0.0.1, captured by beamlake
 *       (on {@code run}'s default runner, in-process Spark, or with {@code --runner direct} the
 *       DirectRunner; the table read in 2 ranges of its key, as JSON lines into raw) against
 *       PostgreSQL's own {@code COPY … TO STDOUT (FORMAT csv)} of the same table into a file,
 *       through the same JDBC driver. Runs alternate; the medians are compared. A beamlake run
 *       counts only if raw holds exactly ROWS records. Each run includes beamlake's fixed
 *       start-up (pipeline set-up, planning, the commit), so with two or more sizes the medians are
 *       also fitted to T(N) = a + b·N and the per-row costs b compared: that is the throughput.
 *   <li>HTTP: a local API that answers every request after a fixed latency (20 ms), paged by
 *       offset, captured by beamlake with a {@code rate_limit}; the server measures the requests
 *       per second it received between the first and the last request, and the most it had in
 *       flight at once, against what the rate limit allows.
 * </ul>
 *
 * <p>Rewrites the section between {@code <!-- capture:begin -->} and {@code <!-- capture:end -->}
 * of the report. Options: {@code --capture 1M,4M} {@code --repeats 3} {@code --runner spark} {@code --http false} (JDBC only) {@code --warmup 1} {@code --rate-limit 100}
 * {@code --latency-ms 20} {@code --series 40} {@code --pages 25} {@code --work} {@code --report}.
 */
final class CaptureBenchmark {
  static final String BEGIN = "<!-- capture:begin -->";
  static final String END = "<!-- capture:end -->";
  private static final int PAGE_SIZE = 100;

  private CaptureBenchmark() {}

  static void run(Map<String, String> options, String command) throws Exception {
    List<Long> sizes = new ArrayList<>();
    for (String size : options.get("capture").split(",")) {
      sizes.add(DataShape.parseRows(size));
    }
    int repeats = Integer.parseInt(options.getOrDefault("repeats", "3"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "1"));
    boolean withHttp = Boolean.parseBoolean(options.getOrDefault("http", "true"));
    double rateLimit = Double.parseDouble(options.getOrDefault("rate-limit", "100"));
    int latencyMs = Integer.parseInt(options.getOrDefault("latency-ms", "20"));
    int series = Integer.parseInt(options.getOrDefault("series", "40"));
    int pages = Integer.parseInt(options.getOrDefault("pages", "25"));
    String runner = options.getOrDefault("runner", "spark");
    if (!runner.equals("direct") && !runner.equals("spark")) {
      throw new IllegalArgumentException("--runner: expected direct or spark, got '" + runner + "'");
    }
    Path work = Path.of(options.getOrDefault("work", "bench/target/bench")).toAbsolutePath().resolve("capture");
    Path report = Path.of(options.getOrDefault("report", "BENCHMARKS.md"));
    Benchmark.delete(work);
    Files.createDirectories(work);
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();

    List<Jdbc> jdbc = jdbc(sizes, repeats, warmup, runner, work);
    Http http = withHttp ? http(rateLimit, latencyMs, series, pages, runner, work) : null;

    String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, """
        Run of %s: `%s` (beamlake on the %s runner; load average before / after: %s / %s; everything in
        one JVM and PostgreSQL's processes, not pinned; %d beamlake capture(s) before the first size's rounds, not
        counted)

        | capture | beamlake | floor | beamlake / floor | target |
        |---|---:|---:|---:|---|
        """, Instant.now().truncatedTo(ChronoUnit.SECONDS), command, runner.equals("spark") ? "in-process Spark" : "Direct",
        loadBefore, loadAfter, warmup));
    for (Jdbc size : jdbc) {
      text.append(String.format(Locale.ROOT, "| JDBC, %,d rows from PostgreSQL (seconds, median of %d; runs %s against"
          + " %s) | %.1f s (%,.0f rows/s) | `COPY … TO STDOUT`: %.1f s (%,.0f rows/s) | %.2f of COPY's wall time"
          + " | |%n", size.rows(), repeats, seconds(size.beamlake()), seconds(size.copy()), median(size.beamlake()),
          size.rows() / median(size.beamlake()), median(size.copy()), size.rows() / median(size.copy()),
          median(size.copy()) / median(size.beamlake())));
    }
    if (jdbc.size() >= 2) {
      LinearFit beamlake = fit(jdbc, Jdbc::beamlake);
      LinearFit copy = fit(jdbc, Jdbc::copy);
      text.append(String.format(Locale.ROOT, "| JDBC per row, T(N) = a + b·N over the sizes' medians | b = %.2f µs/row"
          + " (%,.0f rows/s), a = %.1f s | b = %.2f µs/row (%,.0f rows/s), a = %.1f s | %.2f of COPY's throughput"
          + " | ≥ 0.7 |%n", beamlake.b() * 1e6, 1 / beamlake.b(), beamlake.a(), copy.b() * 1e6, 1 / copy.b(), copy.a(),
          copy.b() / beamlake.b()));
    }
    if (http != null) {
      text.append(String.format(Locale.ROOT, "| HTTP, %d series × %d pages, %d ms latency, `rate_limit: %s` | %.1f"
          + " requests/s, at most %d in flight | %s requests/s allowed | %.2f | ≥ 0.8 |%n", series, pages, latencyMs,
          trim(rateLimit), http.requestsPerSecond(), http.maxInFlight(), trim(rateLimit),
          http.requestsPerSecond() / rateLimit));
    }
    text.append('\n');
    write(report, text.toString());
    System.out.println("[bench] wrote the capture section of " + report.toAbsolutePath());
    System.out.print(text);
  }

  record Jdbc(long rows, List<Double> beamlake, List<Double> copy) {}

  record Http(double requestsPerSecond, int maxInFlight) {}

  private static LinearFit fit(List<Jdbc> sizes, java.util.function.Function<Jdbc, List<Double>> times) {
    return LinearFit.of(sizes.stream().mapToDouble(Jdbc::rows).toArray(),
        sizes.stream().mapToDouble(size -> median(times.apply(size))).toArray());
  }

  private static List<Jdbc> jdbc(List<Long> sizes, int repeats, int warmup, String runner, Path work) throws Exception {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    String password = "pw-" + HexFormat.of().formatHex(random);
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start()) {
      String url = pg.getJdbcUrl("postgres", "postgres").replaceAll("\\?.*$", "");
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE ROLE bench LOGIN PASSWORD '" + password + "'");
      }
      Path project = Files.createDirectories(work.resolve("jdbc-project"));
      Files.writeString(project.resolve("beamlake.yaml"), """
          # Written by the capture benchmark.
          name: capture-bench
          sources:
            db:
              type: jdbc
              url: %s
              user: bench
              password: ${env:BENCH_DB_PASSWORD}
              tables:
                - {table: obs, split_by: id, partitions: 2}
          """.formatted(url));
      System.setProperty(Secrets.PROPERTY_PREFIX + "BENCH_DB_PASSWORD", password);
      List<Jdbc> results = new ArrayList<>();
      for (long rows : sizes) {
        results.add(jdbc(pg, rows, repeats, results.isEmpty() ? warmup : 0, runner, project, work));
      }
      return results;
    } finally {
      System.clearProperty(Secrets.PROPERTY_PREFIX + "BENCH_DB_PASSWORD");
    }
  }

  /**
   * {@code repeats} rounds of beamlake's capture and COPY, in turn, of a table of {@code rows} rows,
   * after {@code warmup} captures that are not counted (the first run in a JVM also loads and
   * compiles beamlake, Beam and the driver).
   */
  private static Jdbc jdbc(EmbeddedPostgres pg, long rows, int repeats, int warmup, String runner, Path project,
      Path work)
      throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS obs");
      s.execute("CREATE TABLE obs AS SELECT g AS id, 'C' || (g % 250) AS country, 'I' || (g % 1500) AS indicator,"
          + " 1960 + (g % 60) AS year, CASE WHEN g % 10 < 3 THEN NULL ELSE g * 0.01 END AS value"
          + " FROM generate_series(1, " + rows + ") g");
      s.execute("ALTER TABLE obs ADD PRIMARY KEY (id)");
      s.execute("VACUUM ANALYZE obs");
      s.execute("GRANT SELECT ON obs TO bench");
    }
    for (int round = 0; round < warmup; round++) {
      double took = capture(project, work.resolve("jdbc-warmup-" + round), rows, runner);
      System.out.printf(Locale.ROOT, "[bench] jdbc %,d rows, warm-up %d (not counted): beamlake %.1f s%n", rows,
          round + 1, took);
    }
    List<Double> beamlake = new ArrayList<>();
    List<Double> copy = new ArrayList<>();
    for (int round = 0; round < repeats; round++) {
      beamlake.add(capture(project, work.resolve("jdbc-lake-" + rows + "-" + round), rows, runner));
      Path csv = work.resolve("copy-" + round + ".csv");
      long start = System.nanoTime();
      try (Connection c = pg.getPostgresDatabase().getConnection();
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(csv), 1 << 16)) {
        long copied = new CopyManager(c.unwrap(BaseConnection.class)).copyOut("COPY obs TO STDOUT (FORMAT csv)", out);
        if (copied != rows) {
          throw new IllegalStateException("COPY wrote " + copied + " of " + rows + " rows");
        }
      }
      copy.add((System.nanoTime() - start) / 1e9);
      System.out.printf(Locale.ROOT, "[bench] jdbc %,d rows, round %d: beamlake %.1f s, COPY %.1f s (load %s)%n", rows,
          round + 1, beamlake.get(round), copy.get(round), Files.readString(Path.of("/proc/loadavg")).trim());
      Files.delete(csv);
    }
    return new Jdbc(rows, beamlake, copy);
  }

  /** One beamlake capture of the table into a new lake, checked and deleted: its wall time in seconds. */
  private static double capture(Path project, Path lake, long rows, String runner) throws IOException {
    long start = System.nanoTime();
    int code = Main.execute("run", project.toString(), "--stage", "capture", "--runner", runner, "--lake",
        lake.toString(), "--run-id", "c1", "--quiet");
    double took = (System.nanoTime() - start) / 1e9;
    long captured = jsonLines(lake);
    if (code != 0 || captured != rows) {
      throw new IllegalStateException("the beamlake capture exited " + code + " with " + captured + " of " + rows
          + " rows in raw (" + lake + ")");
    }
    Benchmark.delete(lake);
    return took;
  }

  /** The JSON lines (records) under a lake's raw zone. */
  private static long jsonLines(Path lake) throws IOException {
    Path raw = lake.resolve("raw");
    if (!Files.isDirectory(raw)) {
      return -1;
    }
    long lines = 0;
    try (Stream<Path> files = Files.walk(raw)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
        try (Stream<String> l = Files.lines(f)) {
          lines += l.filter(s -> !s.isBlank()).count();
        }
      }
    }
    return lines;
  }

  private static Http http(double rateLimit, int latencyMs, int series, int pages, String runner, Path work) throws Exception {
    ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    int total = pages * PAGE_SIZE;
    // The JDK server otherwise leaves Nagle's algorithm on: with the client's delayed ACKs that adds
    // tens of milliseconds to a response, and the latency measured would not be the one configured.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    ExecutorService threads = Executors.newFixedThreadPool(128);
    server.setExecutor(threads);
    server.createContext("/data", exchange -> {
      starts.add(System.nanoTime());
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(latencyMs);
        respond(exchange, page(query(exchange.getRequestURI()), total));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
    });
    server.start();
    try {
      Path project = Files.createDirectories(work.resolve("http-project"));
      StringBuilder yaml = new StringBuilder(String.join("\n",
          "# Written by the capture benchmark.",
          "name: capture-bench",
          "sources:",
          "  api:",
          "    type: http",
          "    url: http://127.0.0.1:" + server.getAddress().getPort() + "/data",
          "    paging: {type: offset, param: skip, size: " + PAGE_SIZE + ", records_at: /value, total_at: /count}",
          "    rate_limit: " + trim(rateLimit),
          "    for_each:", ""));
      for (int i = 0; i < series; i++) {
        yaml.append("      - {series: s").append(i).append("}\n");
      }
      Files.writeString(project.resolve("beamlake.yaml"), yaml.toString());
      int code = Main.execute("run", project.toString(), "--stage", "capture", "--runner", runner, "--lake",
          work.resolve("http-lake").toString(), "--run-id", "h1", "--quiet");
      if (code != 0 || starts.size() != series * pages) {
        throw new IllegalStateException("the HTTP capture exited " + code + " after " + starts.size() + " of "
            + series * pages + " requests");
      }
    } finally {
      server.stop(0);
      threads.shutdownNow();
    }
    long[] t = starts.stream().mapToLong(Long::longValue).sorted().toArray();
    double window = (t[t.length - 1] - t[0]) / 1e9;
    return new Http((t.length - 1) / window, maxInFlight.get());
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> q = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        q.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    return q;
  }

  /** One page of a series: {@code {"count": total, "value": [...]}}. */
  private static String page(Map<String, String> query, int total) {
    String series = query.getOrDefault("series", "?");
    int skip = Integer.parseInt(query.getOrDefault("skip", "0"));
    StringBuilder json = new StringBuilder("{\"count\":").append(total).append(",\"value\":[");
    for (int i = skip; i < Math.min(total, skip + PAGE_SIZE); i++) {
      json.append(i > skip ? "," : "").append("{\"series\":\"").append(series).append("\",\"i\":").append(i)
          .append(",\"v\":").append(i * 0.5).append('}');
    }
    return json.append("]}").toString();
  }

  private static void respond(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void write(Path file, String section) throws IOException {
    String text = Files.readString(file);
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    if (b < 0 || e < b) {
      throw new IllegalStateException(file + " has no '" + BEGIN + "' ... '" + END + "' section to rewrite");
    }
    Files.writeString(file, text.substring(0, b) + BEGIN + "\n" + section + END + text.substring(e + END.length()));
  }

  private static double median(List<Double> values) {
    double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String seconds(List<Double> values) {
    return Arrays.toString(values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toArray());
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
