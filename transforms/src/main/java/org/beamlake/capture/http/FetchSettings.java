package org.beamlake.capture.http;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.beamlake.capture.Secrets;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Everything a worker needs to fetch the series of one {@link CaptureHttp}, as configured:
 * {@code ${env:NAME}} references stay unresolved until a request is built. Validation is done by
 * {@link CaptureHttp}'s {@code withX} methods; this record only carries and copies.
 */
record FetchSettings(
    String url,
    SortedMap<String, String> query,
    SortedMap<String, String> headers,
    Pagination pagination,
    @Nullable String stagingDirectory,
    RetryPolicy retry,
    double requestsPerSecond,
    Duration connectTimeout,
    Duration readTimeout,
    int maxPages,
    Secrets secrets,
    Sleeper sleeper,
    int concurrency)
    implements Serializable {
  static final int TYPICAL_LATENCY_MILLIS = 250;
  static final int MIN_DERIVED = 4;
  static final int MAX_DERIVED = 32;

  FetchSettings {
    query = Collections.unmodifiableSortedMap(new TreeMap<>(query));
    SortedMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseInsensitive.putAll(headers);
    headers = Collections.unmodifiableSortedMap(caseInsensitive);
  }

  static FetchSettings defaults(String url) {
    return new FetchSettings(url, new TreeMap<>(), new TreeMap<>(), Pagination.single(), null,
        RetryPolicy.DEFAULT, 0, Duration.ofSeconds(10), Duration.ofSeconds(60), 10_000,
        Secrets.fromEnvironment(), Sleeper.SYSTEM, 0);
  }

  /** What {@code expand()} checks: settings present, and every parameter set by one party only. */
  void checkComplete(List<Series> series) {
    checkArgument(stagingDirectory != null, "CaptureHttp of %s: withStagingDirectory is required", url);
    Set<String> placeholders = RequestUrls.placeholders(url);
    Set<String> fanout = series.isEmpty() ? Set.of() : series.get(0).parameters().keySet();
    Set<String> unbound = new TreeSet<>(placeholders);
    unbound.removeAll(fanout);
    checkArgument(unbound.isEmpty(),
        "CaptureHttp of %s: URL placeholders %s have no value; add withFanout", url, unbound);
    Set<String> paging = new TreeSet<>();
    if (pagination.parameter() != null) {
      paging.add(pagination.parameter());
    }
    if (pagination.pageSizeParameter() != null) {
      checkArgument(paging.add(pagination.pageSizeParameter()),
          "CaptureHttp of %s: the pagination's page and page size parameters are both %s", url,
          pagination.pageSizeParameter());
    }
    for (String name : paging) {
      checkArgument(!query.containsKey(name) && !fanout.contains(name),
          "CaptureHttp of %s: parameter %s is set by the pagination; do not set it as a query or"
              + " fan-out parameter", url, name);
    }
    for (String name : fanout) {
      checkArgument(placeholders.contains(name) || !query.containsKey(name),
          "CaptureHttp of %s: parameter %s is both a fan-out and a query parameter", url, name);
    }
    checkArgument(retry.initialBackoff().compareTo(retry.maxBackoff()) <= 0,
        "CaptureHttp of %s: initialBackoff %s exceeds maxBackoff %s", url, retry.initialBackoff(),
        retry.maxBackoff());
  }

  /** The configured strings that may hold references: what {@link Secrets#redact} masks. */
  List<String> configured() {
    List<String> all = new ArrayList<>();
    all.add(url);
    all.addAll(query.values());
    all.addAll(headers.values());
    return all;
  }

  /** {@code text} with every resolved secret masked. */
  String redact(String text) {
    return secrets.redact(text, configured());
  }

  FetchSettings withQuery(String name, String value) {
    SortedMap<String, String> next = new TreeMap<>(query);
    next.put(name, value);
    return new FetchSettings(url, next, headers, pagination, stagingDirectory, retry,
        requestsPerSecond, connectTimeout, readTimeout, maxPages, secrets, sleeper, concurrency);
  }

  FetchSettings withHeader(String name, String value) {
    SortedMap<String, String> next = new TreeMap<>(headers);
    next.put(name, value);
    return new FetchSettings(url, query, next, pagination, stagingDirectory, retry,
        requestsPerSecond, connectTimeout, readTimeout, maxPages, secrets, sleeper, concurrency);
  }

  FetchSettings withPagination(Pagination value) {
    return new FetchSettings(url, query, headers, value, stagingDirectory, retry,
        requestsPerSecond, connectTimeout, readTimeout, maxPages, secrets, sleeper, concurrency);
  }

  FetchSettings withStagingDirectory(String value) {
    return new FetchSettings(url, query, headers, pagination, value, retry,
        requestsPerSecond, connectTimeout, readTimeout, maxPages, secrets, sleeper, concurrency);
  }

  FetchSettings withRetry(RetryPolicy value) {
    return new FetchSettings(url, query, headers, pagination, stagingDirectory, value,
        requestsPerSecond, connectTimeout, readTimeout, maxPages, secrets, sleeper, concurrency);
  }

  FetchSettings withRequestsPerSecond(double value) {
    return new FetchSettings(url, query, headers, pagination, stagingDirectory, retry,
        value, connectTimeout, readTimeout, maxPages, secrets, sleeper, concurrency);
  }

  FetchSettings withConnectTimeout(Duration value) {
    return new FetchSettings(url, query, headers, pagination, stagingDirectory, retry,
        requestsPerSecond, value, readTimeout, maxPages, secrets, sleeper, concurrency);
  }

  FetchSettings withReadTimeout(Duration value) {
    return new FetchSettings(url, query, headers, pagination, stagingDirectory, retry,
        requestsPerSecond, connectTimeout, value, maxPages, secrets, sleeper, concurrency);
  }

  FetchSettings withMaxPages(int value) {
    return new FetchSettings(url, query, headers, pagination, stagingDirectory, retry,
        requestsPerSecond, connectTimeout, readTimeout, value, secrets, sleeper, concurrency);
  }

  FetchSettings withSecrets(Secrets value) {
    return new FetchSettings(url, query, headers, pagination, stagingDirectory, retry,
        requestsPerSecond, connectTimeout, readTimeout, maxPages, value, sleeper, concurrency);
  }

  /** 0: derived from the rate limit ({@link #seriesAtOnce()}). */
  FetchSettings withConcurrency(int value) {
    return new FetchSettings(url, query, headers, pagination, stagingDirectory, retry,
        requestsPerSecond, connectTimeout, readTimeout, maxPages, secrets, sleeper, value);
  }

  /**
   * How many series are fetched at once: {@code concurrency} when set; else enough to keep the
   * rate limit busy at a typical API's response time ({@value #TYPICAL_LATENCY_MILLIS} ms), {@code
   * ceil(requestsPerSecond * 0.25)}, at least {@value #MIN_DERIVED} and at most {@value
   * #MAX_DERIVED}; {@value #MIN_DERIVED} without a rate limit. Extra fetchers only wait for the
   * limiter's slots, so erring high costs idle threads, not requests.
   */
  int seriesAtOnce() {
    if (concurrency > 0) {
      return concurrency;
    }
    if (requestsPerSecond <= 0) {
      return MIN_DERIVED;
    }
    double busy = Math.ceil(requestsPerSecond * TYPICAL_LATENCY_MILLIS / 1000d);
    return (int) Math.max(MIN_DERIVED, Math.min(MAX_DERIVED, busy));
  }

  FetchSettings withSleeper(Sleeper value) {
    return new FetchSettings(url, query, headers, pagination, stagingDirectory, retry,
        requestsPerSecond, connectTimeout, readTimeout, maxPages, secrets, value, concurrency);
  }
}
