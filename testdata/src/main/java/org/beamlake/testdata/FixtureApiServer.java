package org.beamlake.testdata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A stand-in on 127.0.0.1 for the demos' APIs: Open-Meteo's archive ({@code /v1/archive}, seeded
 * weather from {@link WeatherArchive}) and the World Bank Data360 API, serving the stored pages: {@code
 * GET /data360/data?DATABASE_ID=..&INDICATOR=..&skip=N} answers the page file {@code
 * <DATABASE_ID>__<INDICATOR>__skip<N>.json} of a pages directory, byte for byte; a skip past the
 * last page answers {@code {"count": N, "value": []}} as the real API does. Tests queue faults
 * ({@link #failNext}) to see retries, and read {@link #requests()} to see what was asked.
 *
 * <pre>{@code
 * try (FixtureApiServer api = FixtureApiServer.start(Path.of("testdata/world-indicators/data/pages"))) {
 *   String url = api.url();   // http://127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class FixtureApiServer implements AutoCloseable {
  /** A fault answered instead of the page: a status, with a Retry-After header if not null. */
  public record Fault(int status, Integer retryAfterSeconds) {}

  private final HttpServer server;
  private final Path pages;
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  private FixtureApiServer(HttpServer server, Path pages) {
    this.server = server;
    this.pages = pages;
  }

  /** Starts on 127.0.0.1, on a free port. */
  public static FixtureApiServer start(Path pagesDir) throws IOException {
    return start(pagesDir, 0);
  }

  /** Starts on 127.0.0.1:{@code port} (0: a free one). */
  public static FixtureApiServer start(Path pagesDir, int port) throws IOException {
    if (!Files.isDirectory(pagesDir)) {
      throw new IOException("no pages directory " + pagesDir + "; build the demo data first (mvn install)");
    }
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    FixtureApiServer fixture = new FixtureApiServer(http, pagesDir);
    http.createContext("/data360/data", fixture::data360);
    http.createContext("/v1/archive", fixture::weather);
    http.setExecutor(Executors.newFixedThreadPool(4));
    http.start();
    return fixture;
  }

  /**
   * Also answers {@code GET /products} with {@code catalogue} as stored: a product catalogue in the
   * Fake Store API's format (a plain array), for the dvd-rental demo.
   */
  public FixtureApiServer serveCatalogue(Path catalogue) throws IOException {
    byte[] body = Files.readAllBytes(catalogue);
    server.createContext("/products", exchange -> {
      try (exchange) {
        URI uri = exchange.getRequestURI();
        requests.add(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        Fault fault = nextFault();
        if (fault != null) {
          send(exchange, fault.status(), "{\"error\":\"injected fault\"}");
        } else if (!uri.getPath().equals("/products")) {
          send(exchange, 404, "{\"error\":\"not found\"}");
        } else {
          send(exchange, 200, body);
        }
      }
    });
    return this;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next {@code times} requests get {@code fault} instead of their page. */
  public synchronized void failNext(int times, Fault fault) {
    for (int i = 0; i < times; i++) {
      faults.add(fault);
    }
  }

  /** Every request's path and query, in arrival order. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private synchronized Fault nextFault() {
    return faults.poll();
  }

  private void data360(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      requests.add(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
      Fault fault = nextFault();
      if (fault != null) {
        if (fault.retryAfterSeconds() != null) {
          exchange.getResponseHeaders().add("Retry-After", String.valueOf(fault.retryAfterSeconds()));
        }
        send(exchange, fault.status(), "{\"error\":\"injected fault\"}");
        return;
      }
      Map<String, String> query = query(uri.getRawQuery());
      String database = query.get("DATABASE_ID");
      String indicator = query.get("INDICATOR");
      if (database == null || indicator == null || !database.matches("[A-Z0-9_]+") || !indicator.matches("[A-Z0-9_]+")) {
        send(exchange, 400, "{\"error\":\"DATABASE_ID and INDICATOR are required\"}");
        return;
      }
      int skip;
      try {
        skip = Integer.parseInt(query.getOrDefault("skip", "0"));
      } catch (NumberFormatException e) {
        send(exchange, 400, "{\"error\":\"skip must be a number\"}");
        return;
      }
      Path page = pages.resolve(String.format(Locale.ROOT, "%s__%s__skip%06d.json", database, indicator, skip));
      if (Files.exists(page)) {
        send(exchange, 200, Files.readAllBytes(page));
        return;
      }
      Path first = pages.resolve(String.format(Locale.ROOT, "%s__%s__skip%06d.json", database, indicator, 0));
      if (!Files.exists(first)) {
        send(exchange, 200, "{\"count\":0,\"value\":[]}");
        return;
      }
      String head = new String(Files.readAllBytes(first), StandardCharsets.UTF_8);
      String count = head.replaceFirst("(?s)^\\{\"count\":(\\d+).*", "$1");
      send(exchange, 200, "{\"count\":" + count + ",\"value\":[]}");
    }
  }

  /** Open-Meteo's archive: seeded daily weather for any place and date range ({@link WeatherArchive}). */
  private void weather(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      requests.add(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
      Fault fault = nextFault();
      if (fault != null) {
        send(exchange, fault.status(), "{\"error\":true,\"reason\":\"injected fault\"}");
        return;
      }
      Map<String, String> query = query(uri.getRawQuery());
      try {
        String latitude = query.get("latitude");
        String longitude = query.get("longitude");
        java.time.LocalDate start = java.time.LocalDate.parse(query.get("start_date"));
        java.time.LocalDate end = java.time.LocalDate.parse(query.get("end_date"));
        if (!latitude.matches("-?\\d{1,2}(\\.\\d+)?") || !longitude.matches("-?\\d{1,3}(\\.\\d+)?") || end.isBefore(start)) {
          throw new IllegalArgumentException();
        }
        send(exchange, 200, WeatherArchive.response(latitude, longitude, start, end));
      } catch (RuntimeException e) {
        send(exchange, 400, "{\"error\":true,\"reason\":\"latitude, longitude, start_date and end_date are required\"}");
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(key, value);
    }
    return out;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
