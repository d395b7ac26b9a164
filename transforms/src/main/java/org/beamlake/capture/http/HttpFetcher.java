package org.beamlake.capture.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs one URL with the source's headers, rate limit and retries. Retried: 429, 5xx, connection
 * errors and timeouts, waiting {@code Retry-After} (in seconds) when the response has one, else the
 * {@link RetryPolicy} backoff. Anything else that is not 2xx fails at once. Every message and log
 * line shows the URL and body through {@link FetchSettings#redact}.
 */
final class HttpFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFetcher.class);
  /** How much of a failed response's body a message quotes. */
  static final int SNIPPET_CHARS = 200;

  /** A 2xx response: its status, headers and the body exactly as received. */
  record Response(int status, HttpHeaders headers, byte[] body) {}

  private record Failure(int status, String reason, @Nullable Duration retryAfter) {}

  private final HttpClient client;
  private final FetchSettings settings;
  private final @Nullable RequestRateLimiter limiter;
  private final FetchEvents events;

  HttpFetcher(HttpClient client, FetchSettings settings, @Nullable RequestRateLimiter limiter,
      FetchEvents events) {
    this.client = client;
    this.settings = settings;
    this.limiter = limiter;
    this.events = events;
  }

  /** An HTTP client with the source's connect timeout that never follows redirects. */
  static HttpClient client(FetchSettings settings) {
    return HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  Response get(URI uri) throws InterruptedException {
    String shown = "GET " + settings.redact(uri.toString());
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().timeout(settings.readTimeout());
    settings.headers().forEach((name, value) -> builder.header(name, settings.secrets().resolve(value)));
    HttpRequest request = builder.build();
    RetryPolicy retry = settings.retry();
    for (int attempt = 1; ; attempt++) {
      Failure failure;
      try {
        events.request();
        HttpResponse<byte[]> response = send(request);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return new Response(status, response.headers(), response.body());
        }
        failure = new Failure(status, "HTTP " + status + ": " + snippet(response.body()),
            retryAfter(response.headers()));
        if (status != 429 && status < 500) {
          String reason = status >= 300 && status < 400
              ? "HTTP " + status + " redirect to "
                  + settings.redact(response.headers().firstValue("Location").orElse("nowhere"))
                  + " (redirects are not followed; configure that URL)"
              : failure.reason();
          throw new HttpCaptureException(shown + " returned " + reason, status);
        }
      } catch (HttpConnectTimeoutException e) {
        failure = new Failure(0, "no connection within " + settings.connectTimeout(), null);
      } catch (HttpTimeoutException | TimeoutException e) {
        failure = new Failure(0, "no complete response within " + settings.readTimeout(), null);
      } catch (IOException e) {
        failure = new Failure(0, "connection failed: " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + settings.redact(e.getMessage())), null);
      }
      if (attempt >= retry.maxAttempts()) {
        throw new HttpCaptureException(shown + " failed after " + attempt
            + (attempt == 1 ? " attempt" : " attempts") + ", the last: " + failure.reason(),
            failure.status());
      }
      Duration wait = failure.retryAfter() != null
          ? failure.retryAfter()
          : retry.backoff(attempt, ThreadLocalRandom.current().nextDouble());
      if (wait.compareTo(retry.maxBackoff()) > 0) {
        throw new HttpCaptureException(shown + " asked to wait " + wait + " (Retry-After), more than"
            + " maxBackoff " + retry.maxBackoff() + ", after " + failure.reason(), failure.status());
      }
      LOG.warn("{}: {}; attempt {} of {}, retrying in {}",
          shown, failure.reason(), attempt, retry.maxAttempts(), wait);
      events.retry();
      settings.sleeper().sleep(wait);
    }
  }

  /**
   * Sends after the rate limiter's slot. The request timeout covers the wait for the headers only,
   * so the whole exchange, body included, gets a deadline too.
   */
  private HttpResponse<byte[]> send(HttpRequest request)
      throws IOException, TimeoutException, InterruptedException {
    if (limiter != null) {
      limiter.acquire();
    }
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request, BodyHandlers.ofByteArray());
    long deadline = settings.connectTimeout().plus(settings.readTimeout()).toMillis();
    try {
      return future.get(deadline, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IOException(cause.getClass().getSimpleName());
    }
  }

  /** {@code Retry-After} in seconds; the HTTP-date form is not honoured (backoff applies). */
  private static @Nullable Duration retryAfter(HttpHeaders headers) {
    String value = headers.firstValue("Retry-After").orElse("").trim();
    return value.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(value)) : null;
  }

  /**
   * The start of a body as text, secrets masked: masked before it is cut, so that no part of a
   * secret straddling the cut survives.
   */
  String snippet(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 65_536), StandardCharsets.UTF_8);
    String masked = settings.redact(text);
    return masked.length() <= SNIPPET_CHARS ? masked : masked.substring(0, SNIPPET_CHARS) + "...";
  }
}
