package org.beamlake.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.beamlake.capture.Secrets;

/**
 * Serves a lake's refined tables and run records over HTTP, read-only, on the JDK's HTTP server.
 *
 * <pre>{@code
 * try (LakeServer server = LakeServer.start(ServeSettings.of(Lake.at("lake")).withPort(0))) {
 *   URI tables = server.uri().resolve("/tables");
 * }
 * }</pre>
 *
 * <p>Only GET and HEAD are answered (405 otherwise). With a token, a request without
 * {@code Authorization: Bearer <token>} gets 401 and nothing else; the token is compared in
 * constant time and never printed. A failure inside a request is a 500 whose body says only that
 * the server failed, so no lake path leaks to a client.
 */
public final class LakeServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;

  private LakeServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** Checks the settings ({@link ServeSettings#check}), resolves the token and starts serving. */
  public static LakeServer start(ServeSettings settings) throws IOException {
    return start(settings, Secrets.fromEnvironment());
  }

  static LakeServer start(ServeSettings settings, Secrets secrets) throws IOException {
    settings.check();
    String token = settings.resolveToken(secrets);
    LakeApi api = new LakeApi(settings.lake());
    HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
    ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "beamlake-serve");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    byte[] expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> answer(exchange, api, expected));
    server.start();
    return new LakeServer(server, threads);
  }

  /** The port served (the one picked, for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://HOST:PORT/} as clients on this machine reach it. */
  public java.net.URI uri() {
    String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
        : server.getAddress().getAddress().getHostAddress();
    return java.net.URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private static void answer(HttpExchange exchange, LakeApi api, byte[] expectedAuthorization) throws IOException {
    try (exchange) {
      ApiResponse response;
      String method = exchange.getRequestMethod();
      if (expectedAuthorization != null && !authorized(exchange, expectedAuthorization)) {
        response = ApiResponse.error(401, "missing or wrong bearer token: send 'Authorization: Bearer <token>'", null)
            .withHeader("WWW-Authenticate", "Bearer realm=\"beamlake\"");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        response = ApiResponse.error(405, "method " + method + " is not allowed: this API is read-only (GET)", null)
            .withHeader("Allow", "GET, HEAD");
      } else {
        try {
          response = api.handle(exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery());
        } catch (RuntimeException e) {
          // The client learns only that it failed; whoever runs the server sees why.
          System.err.println("beamlake serve: " + method + " " + exchange.getRequestURI().getRawPath() + " failed: "
              + org.beamlake.stage.Stages.rootMessage(e));
          response = ApiResponse.error(500, "the server could not answer this request", null);
        }
      }
      send(exchange, response, method.equals("HEAD"));
    }
  }

  private static boolean authorized(HttpExchange exchange, byte[] expected) {
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected);
  }

  private static void send(HttpExchange exchange, ApiResponse response, boolean headOnly) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      exchange.getResponseHeaders().set(header.getKey(), header.getValue());
    }
    if (headOnly) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response.body());
    }
  }
}
