package org.beamlake.capture.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 for the capture tests: canned responses per request target
 * ({@code /path?query} exactly as sent), faults queued per target (a status, a dropped connection,
 * a response slower than the client's timeout), and every request recorded in arrival order.
 * Without a canned response a target gets 404.
 */
final class FixtureHttpServer implements AutoCloseable {
  /** A request as the server saw it, and when it arrived ({@link System#nanoTime()}). */
  record Seen(String target, Map<String, List<String>> headers, long arrivedNanos) {
    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }
  }

  /** What one request gets instead of the target's canned response. */
  sealed interface Fault permits Respond, Drop, Slow {}

  /** Answer with this status, body and headers. */
  record Respond(int status, String body, Map<String, String> headers) implements Fault {}

  /** Close the connection without answering. */
  record Drop() implements Fault {}

  /** Wait this long (or until the server closes), then answer normally. */
  record Slow(Duration delay) implements Fault {}

  private record Canned(int status, byte[] body, Map<String, String> headers) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Map<String, Canned> canned = new ConcurrentHashMap<>();
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private volatile String requiredHeader;
  private volatile String requiredValue;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile CountDownLatch allInFlight = new CountDownLatch(0);
  private volatile int holdUntil;
  private volatile Duration latency = Duration.ZERO;

  private FixtureHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static FixtureHttpServer start() throws IOException {
    return new FixtureHttpServer();
  }

  /** {@code http://127.0.0.1:<port><target>}. */
  String url(String target) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + target;
  }

  /** 200 with this JSON body for {@code target}. */
  FixtureHttpServer respond(String target, String body, String... headerNamesAndValues) {
    return respond(target, 200, body, headerNamesAndValues);
  }

  FixtureHttpServer respond(String target, int status, String body, String... headerNamesAndValues) {
    canned.put(target, new Canned(status, body.getBytes(StandardCharsets.UTF_8), headers(headerNamesAndValues)));
    return this;
  }

  /** The next requests of {@code target} get these faults, in order, before its canned response. */
  FixtureHttpServer fail(String target, Fault... next) {
    faults.computeIfAbsent(target, t -> new ConcurrentLinkedDeque<>()).addAll(List.of(next));
    return this;
  }

  /** Requests without this header value get 401. */
  FixtureHttpServer requireHeader(String name, String value) {
    requiredHeader = name;
    requiredValue = value;
    return this;
  }

  /**
   * Every request waits until {@code requests} are in flight at once (from then on none waits), so
   * a client that can reach that concurrency does, whatever the machine's speed. A client that
   * cannot is released after a minute and the maximum it reached tells.
   */
  FixtureHttpServer holdUntilInFlight(int requests) {
    holdUntil = requests;
    allInFlight = new CountDownLatch(1);
    return this;
  }

  /** Every answer comes this much after its request arrived (and after any hold). */
  FixtureHttpServer latency(Duration value) {
    latency = value;
    return this;
  }

  /** The most requests the server was answering at once. */
  int maxInFlight() {
    return maxInFlight.get();
  }

  static Fault status(int status, String body, String... headerNamesAndValues) {
    return new Respond(status, body, headers(headerNamesAndValues));
  }

  static Fault drop() {
    return new Drop();
  }

  static Fault slow(Duration delay) {
    return new Slow(delay);
  }

  /** The targets requested, in arrival order. */
  List<String> targets() {
    synchronized (seen) {
      return seen.stream().map(Seen::target).toList();
    }
  }

  List<Seen> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    String target = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
    seen.add(new Seen(target, Map.copyOf(exchange.getRequestHeaders()), System.nanoTime()));
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      if (now >= holdUntil) {
        allInFlight.countDown();
      }
      allInFlight.await(1, TimeUnit.MINUTES);
      if (!latency.isZero()) {
        closing.await(latency.toMillis(), TimeUnit.MILLISECONDS);
      }
      answer(exchange, target);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void answer(HttpExchange exchange, String target) throws IOException {
    if (requiredHeader != null && !requiredValue.equals(exchange.getRequestHeaders().getFirst(requiredHeader))) {
      send(exchange, 401, "{\"error\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8), Map.of());
      return;
    }
    Deque<Fault> queue = faults.get(target);
    Fault fault = queue == null ? null : queue.poll();
    if (fault instanceof Drop) {
      // Throwing makes the server close the connection without a response.
      throw new IOException("fixture drops the connection");
    }
    if (fault instanceof Respond respond) {
      send(exchange, respond.status(), respond.body().getBytes(StandardCharsets.UTF_8), respond.headers());
      return;
    }
    if (fault instanceof Slow slow) {
      try {
        closing.await(slow.delay().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Canned response = canned.get(target);
    if (response == null) {
      send(exchange, 404, ("no fixture for " + target).getBytes(StandardCharsets.UTF_8), Map.of());
    } else {
      send(exchange, response.status(), response.body(), response.headers());
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body, Map<String, String> headers)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.getResponseHeaders().putIfAbsent("Content-Type", List.of("application/json"));
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> headers(String... namesAndValues) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
