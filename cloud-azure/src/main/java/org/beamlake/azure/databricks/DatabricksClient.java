package org.beamlake.azure.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The Databricks REST API as beamlake uses it (Jobs 2.1, Files 2.0), over the JDK's HTTP client with
 * a personal access or OAuth token. Answers 429 and 5xx are retried with exponential backoff,
 * honouring {@code Retry-After}; any other error fails with the API's own {@code error_code} and
 * {@code message}. The token is never part of a message.
 */
public final class DatabricksClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI host;
  private final String token;
  private final int attempts;
  private final Duration backoff;
  private final HttpClient http;

  private DatabricksClient(URI host, String token, int attempts, Duration backoff) {
    this.host = host;
    this.token = token;
    this.attempts = attempts;
    this.backoff = backoff;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
  }

  /** A client for a workspace ({@code https://adb-….azuredatabricks.net}); 5 attempts, 1 s first backoff. */
  public static DatabricksClient of(URI host, String token) {
    if (host.getScheme() == null || host.getHost() == null) {
      throw new IllegalArgumentException("Databricks host must be a URL such as https://adb-1234.5.azuredatabricks.net,"
          + " got '" + host + "'");
    }
    return new DatabricksClient(URI.create(host.toString().replaceAll("/+$", "")), token, 5, Duration.ofSeconds(1));
  }

  /** The same client with another retry budget (tests use a zero backoff). */
  public DatabricksClient withRetries(int attempts, Duration backoff) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
    }
    return new DatabricksClient(host, token, attempts, backoff);
  }

  public URI host() {
    return host;
  }

  public JsonNode get(String pathAndQuery) throws IOException {
    return json(send(() -> request(pathAndQuery).GET().build(), pathAndQuery));
  }

  public JsonNode post(String path, JsonNode body) throws IOException {
    String text = JSON.writeValueAsString(body);
    return json(send(() -> request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(text)).build(), path));
  }

  /** Whether a file exists (Files API {@code HEAD}). */
  public boolean fileExists(String path) throws IOException {
    String target = "/api/2.0/fs/files" + path;
    HttpResponse<String> response = send(() -> request(target).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .build(), target, 404);
    return response.statusCode() != 404;
  }

  /** Uploads a file (Files API {@code PUT}); fails if the path is taken, as content-addressed names never change. */
  public void upload(Path file, String path) throws IOException {
    String target = "/api/2.0/fs/files" + path + "?overwrite=false";
    send(() -> {
      try {
        return request(target).header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
      } catch (java.io.FileNotFoundException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, target);
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(host + pathAndQuery)).timeout(Duration.ofMinutes(10))
        .header("Authorization", "Bearer " + token).header("User-Agent", "beamlake");
  }

  private HttpResponse<String> send(Supplier<HttpRequest> request, String what, int... alsoOk) throws IOException {
    Duration wait = backoff;
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted: " + what, e);
      }
      int status = response.statusCode();
      if (status / 100 == 2 || java.util.Arrays.stream(alsoOk).anyMatch(s -> s == status)) {
        return response;
      }
      boolean retriable = status == 429 || status / 100 == 5;
      if (!retriable || attempt >= attempts) {
        throw new IOException(what + ": HTTP " + status + errorOf(response.body())
            + (retriable ? " (after " + attempt + " attempts)" : ""));
      }
      Duration pause = response.headers().firstValue("Retry-After").map(DatabricksClient::seconds).orElse(wait);
      sleep(pause);
      wait = wait.multipliedBy(2);
    }
  }

  private static Duration seconds(String retryAfter) {
    try {
      return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  private static String errorOf(String body) {
    try {
      JsonNode error = JSON.readTree(body);
      if (error != null && error.has("message")) {
        return " " + error.path("error_code").asText("") + ": " + error.path("message").asText();
      }
    } catch (IOException e) {
      // not JSON: the status says enough
    }
    return "";
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  private static void sleep(Duration pause) throws IOException {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to retry", e);
    }
  }
}
