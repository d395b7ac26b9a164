package org.beamlake.capture.http;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.beamlake.capture.CapturedFile;
import org.beamlake.capture.Secrets;

/**
 * Captures a paged HTTP JSON API into a staging directory: every response body is written exactly
 * as received, one file per page, and described by one {@link CapturedFile}.
 *
 * <pre>{@code
 * PCollection<CapturedFile> files = pipeline.apply(
 *     CaptureHttp.from("https://api.worldbank.org/v2/country/all/indicator/{indicator}")
 *         .withQueryParameter("format", "json")
 *         .withHeader("Authorization", "Bearer ${env:WB_TOKEN}")
 *         .withPagination(Pagination.pageNumber().withPageSizeParameter("per_page").withPageSize(1000))
 *         .withFanout("indicator", List.of("NY.GDP.MKTP.CD", "SP.POP.TOTL"))
 *         .withRateLimit(5)
 *         .withConcurrency(4)
 *         .withStagingDirectory("s3://lake/_staging/run-1/raw/wb/"));
 * // writes NY.GDP.MKTP.CD-page-00001.json, NY.GDP.MKTP.CD-page-00002.json, SP.POP.TOTL-page-00001.json, ...
 * }</pre>
 *
 * <p>Fan-out: each value (or named parameter set) is one series; one worker fetches up to {@link
 * #withConcurrency concurrency} series at once, each series its pages in order ({@link
 * Pagination}): that many requests in flight, however many cores the runner gives the step. A
 * series parameter fills the URL's {@code {name}} placeholder, or else becomes a query parameter;
 * query parameters go in name order. Files are named {@code <series>-page-00001.json} ({@code
 * page-00001.json} without fan-out), so a re-run or a retried bundle (which fetches every series
 * again) overwrites the same names; only the emitted entries describe a run (a shorter re-run may
 * leave a previous attempt's extra page in the directory).
 *
 * <p>Requests: 429, 5xx, connection errors and timeouts are retried with exponential backoff and
 * jitter, or after {@code Retry-After} seconds (a Retry-After beyond {@code maxBackoff} fails), up
 * to {@code maxAttempts}; a rate limit spaces requests to one origin across the capture (and
 * across captures of that origin in the JVM). Any other non-2xx response (a 4xx, a redirect) fails
 * the capture with an {@link HttpCaptureException} naming the URL, the status and the body's first
 * 200 characters.
 *
 * <p>Secrets: header, query and URL values may hold {@code ${env:NAME}} references, resolved on the
 * worker by the {@link Secrets} given (the process environment by default). Resolved values never
 * appear in {@link CapturedFile#from()}, messages, logs or display data (header values are not
 * displayed at all). Next links must stay at the series' origin, so credentials go nowhere else.
 */
public final class CaptureHttp extends PTransform<PBegin, PCollection<CapturedFile>> {
  private static final long serialVersionUID = 1L;
  /** The most series {@link #withConcurrency} may fetch at once. */
  public static final int MAX_CONCURRENCY = 256;

  private final FetchSettings settings;
  /** Empty without fan-out. */
  private final List<Series> series;

  private CaptureHttp(FetchSettings settings, List<Series> series) {
    this.settings = settings;
    this.series = series;
  }

  /**
   * Captures {@code urlTemplate}, an absolute http(s) URL that may hold {@code {param}}
   * placeholders (filled by {@link #withFanout}) and {@code ${env:NAME}} references. Defaults: one
   * response ({@link Pagination#single()}), 5 attempts, backoff 1 s doubling to at most 5 min with
   * jitter 0.5, no rate limit, concurrency derived from the rate limit, connect timeout 10 s, read
   * timeout 60 s, at most 10,000 pages per series, secrets from the environment.
   */
  public static CaptureHttp from(String urlTemplate) {
    checkArgument(urlTemplate != null && RequestUrls.isHttpUrl(urlTemplate),
        "url must be an absolute http or https URL, got %s", urlTemplate);
    return new CaptureHttp(FetchSettings.defaults(urlTemplate), List.of());
  }

  /** Adds (or replaces) a query parameter; the value may hold {@code ${env:NAME}} references. */
  public CaptureHttp withQueryParameter(String name, String value) {
    Pagination.parameterName(name, "query parameter name");
    checkArgument(value != null, "query parameter %s: value must not be null", name);
    return new CaptureHttp(settings.withQuery(name, value), series);
  }

  /** Adds (or replaces) a request header; the value may hold {@code ${env:NAME}} references. */
  public CaptureHttp withHeader(String name, String value) {
    checkArgument(name != null, "header name must not be null");
    checkArgument(value != null, "header %s: value must not be null", name);
    try {
      HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, "x");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("header " + name + " cannot be set: " + e.getMessage(), e);
    }
    return new CaptureHttp(settings.withHeader(name, value), series);
  }

  /** How each series' pages are walked; {@link Pagination#single()} by default. */
  public CaptureHttp withPagination(Pagination pagination) {
    checkArgument(pagination != null, "pagination must not be null");
    return new CaptureHttp(settings.withPagination(pagination), series);
  }

  /** One series per value of {@code parameter}, named by the value (as a file name prefix). */
  public CaptureHttp withFanout(String parameter, List<String> values) {
    Pagination.parameterName(parameter, "fan-out parameter");
    checkArgument(values != null && !values.isEmpty(), "fan-out %s: values must not be empty", parameter);
    Map<String, Map<String, String>> byName = new TreeMap<>();
    for (String value : values) {
      checkArgument(value != null, "fan-out %s: values must not be null", parameter);
      checkArgument(byName.put(value, Map.of(parameter, value)) == null,
          "fan-out %s: value %s is listed twice", parameter, value);
    }
    return withFanoutSeries(byName);
  }

  /**
   * One series per entry: its name (the file name prefix) and its parameters, e.g. {@code "paris" ->
   * {latitude=48.85, longitude=2.35}}. Every series has the same parameter names; values are plain
   * (no {@code ${env:NAME}}), since they name files and appear in the manifest.
   */
  public CaptureHttp withFanoutSeries(Map<String, Map<String, String>> parametersBySeries) {
    checkArgument(parametersBySeries != null && !parametersBySeries.isEmpty(),
        "fan-out series must not be empty");
    List<Series> next = new ArrayList<>();
    Set<String> fileNames = new HashSet<>();
    Set<String> names = null;
    for (Map.Entry<String, Map<String, String>> entry : new TreeMap<>(parametersBySeries).entrySet()) {
      String name = entry.getKey();
      Map<String, String> parameters = entry.getValue();
      checkArgument(name != null && !name.isBlank(), "fan-out series names must not be blank");
      checkArgument(parameters != null && !parameters.isEmpty(), "fan-out series %s has no parameters", name);
      parameters.forEach((key, value) -> {
        Pagination.parameterName(key, "fan-out parameter");
        checkArgument(value != null && !Secrets.hasReference(value),
            "fan-out series %s: %s must be a plain value (no null, no ${env:...}), got %s", name, key, value);
      });
      checkArgument(names == null || names.equals(parameters.keySet()),
          "fan-out series %s has parameters %s, others have %s", name, new TreeMap<>(parameters).keySet(), names);
      names = new TreeSet<>(parameters.keySet());
      String fileName = Series.safeName(name);
      checkArgument(fileNames.add(fileName), "fan-out series %s: its file name prefix %s is taken", name, fileName);
      next.add(new Series(fileName, new TreeMap<>(parameters)));
    }
    return new CaptureHttp(settings, List.copyOf(next));
  }

  /**
   * Where the files go: a Beam path of a directory, ending in '/' ({@code /data/x/}, {@code
   * s3://bucket/x/}). Required. A {@code file:} URI becomes the local path, as Beam's local file
   * system reads it.
   */
  public CaptureHttp withStagingDirectory(String directory) {
    checkArgument(directory != null && directory.endsWith("/"),
        "stagingDirectory must end with '/', got %s", directory);
    String path = directory.regionMatches(true, 0, "file:", 0, 5)
        ? Path.of(URI.create(directory)) + "/"
        : directory;
    return new CaptureHttp(settings.withStagingDirectory(path), series);
  }

  /** Attempts per request, the first included (default 5; 1 disables retries). */
  public CaptureHttp withMaxAttempts(int maxAttempts) {
    RetryPolicy r = settings.retry();
    return withRetry(new RetryPolicy(maxAttempts, r.initialBackoff(), r.maxBackoff(), r.jitter()));
  }

  /** The wait after the first failed attempt, doubled after each next one (default 1 s). */
  public CaptureHttp withInitialBackoff(Duration initialBackoff) {
    RetryPolicy r = settings.retry();
    return withRetry(new RetryPolicy(r.maxAttempts(), initialBackoff, r.maxBackoff(), r.jitter()));
  }

  /** The longest wait between attempts, also for {@code Retry-After} (default 5 min). */
  public CaptureHttp withMaxBackoff(Duration maxBackoff) {
    RetryPolicy r = settings.retry();
    return withRetry(new RetryPolicy(r.maxAttempts(), r.initialBackoff(), maxBackoff, r.jitter()));
  }

  /** The fraction of each backoff taken off at random, 0 to 1 (default 0.5). */
  public CaptureHttp withJitter(double jitter) {
    RetryPolicy r = settings.retry();
    return withRetry(new RetryPolicy(r.maxAttempts(), r.initialBackoff(), r.maxBackoff(), jitter));
  }

  private CaptureHttp withRetry(RetryPolicy retry) {
    return new CaptureHttp(settings.withRetry(retry), series);
  }

  /**
   * At most this many requests per second to the source's host: one JVM fetches all of a capture's
   * series, and captures of one host in that JVM share the budget.
   */
  public CaptureHttp withRateLimit(double requestsPerSecond) {
    checkArgument(requestsPerSecond > 0 && Double.isFinite(requestsPerSecond),
        "requestsPerSecond must be > 0, got %s", requestsPerSecond);
    return new CaptureHttp(settings.withRequestsPerSecond(requestsPerSecond), series);
  }

  /**
   * How many series are fetched at once, so at most this many requests are in flight, on any
   * runner: 1 to {@value #MAX_CONCURRENCY}. By default derived from the rate limit,
   * enough to keep it busy at a typical API's 250 ms response time: {@code ceil(requestsPerSecond /
   * 4)}, between 4 and 32; 4 without a rate limit. Pages of one series are always fetched in order.
   */
  public CaptureHttp withConcurrency(int concurrency) {
    checkArgument(concurrency >= 1 && concurrency <= MAX_CONCURRENCY,
        "concurrency must be between 1 and %s, got %s", MAX_CONCURRENCY, concurrency);
    return new CaptureHttp(settings.withConcurrency(concurrency), series);
  }

  /** How long to wait for a connection (default 10 s). */
  public CaptureHttp withConnectTimeout(Duration timeout) {
    RetryPolicy.positive(timeout, "connectTimeout");
    return new CaptureHttp(settings.withConnectTimeout(timeout), series);
  }

  /** How long to wait for a whole response once sent, body included (default 60 s). */
  public CaptureHttp withReadTimeout(Duration timeout) {
    RetryPolicy.positive(timeout, "readTimeout");
    return new CaptureHttp(settings.withReadTimeout(timeout), series);
  }

  /** A series with more pages fails (default 10,000): a guard against links that loop. */
  public CaptureHttp withMaxPages(int maxPages) {
    checkArgument(maxPages >= 1, "maxPages must be >= 1, got %s", maxPages);
    return new CaptureHttp(settings.withMaxPages(maxPages), series);
  }

  /** Where {@code ${env:NAME}} references are resolved (default: the worker's environment). */
  public CaptureHttp withSecrets(Secrets secrets) {
    checkArgument(secrets != null, "secrets must not be null");
    return new CaptureHttp(settings.withSecrets(secrets), series);
  }

  /** The clock and sleep of backoff and rate limiting: a seam for tests. */
  CaptureHttp withSleeper(Sleeper sleeper) {
    checkArgument(sleeper != null, "sleeper must not be null");
    return new CaptureHttp(settings.withSleeper(sleeper), series);
  }

  @Override
  public PCollection<CapturedFile> expand(PBegin input) {
    settings.checkComplete(series);
    List<Series> all = series.isEmpty() ? List.of(Series.ONLY) : series;
    // One element holding every series: one worker fetches them on its own pool, so the requests
    // in flight are the concurrency setting whatever the runner's parallelism, and the rate limit
    // is kept by one JVM's limiter.
    return input
        .apply("Series", Create.of(List.of(all)).withCoder(ListCoder.of(SerializableCoder.of(Series.class))))
        .apply("Fetch pages", ParDo.of(new FetchSeriesFn(settings)))
        .setCoder(SerializableCoder.of(CapturedFile.class));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    StringBuilder query = new StringBuilder();
    settings.query().forEach((name, value) ->
        query.append(query.length() == 0 ? "" : "&").append(name).append('=').append(value));
    Set<String> fanout = series.isEmpty() ? Set.of() : series.get(0).parameters().keySet();
    builder
        .add(DisplayData.item("url", settings.redact(settings.url())).withLabel("URL template"))
        .addIfNotDefault(DisplayData.item("query", settings.redact(query.toString())), "")
        .addIfNotDefault(DisplayData.item("headers", String.join(", ", settings.headers().keySet()))
            .withLabel("Header names"), "")
        .add(DisplayData.item("pagination", settings.pagination().toString()))
        .addIfNotDefault(DisplayData.item("fanout", series.size() + " series over " + fanout), "0 series over []")
        .addIfNotNull(DisplayData.item("stagingDirectory", settings.stagingDirectory()))
        .add(DisplayData.item("maxAttempts", settings.retry().maxAttempts()))
        .add(DisplayData.item("backoff", settings.retry().initialBackoff() + " to "
            + settings.retry().maxBackoff() + ", jitter " + settings.retry().jitter()))
        .addIfNotDefault(DisplayData.item("requestsPerSecond", settings.requestsPerSecond()), 0d)
        .add(DisplayData.item("concurrency", settings.seriesAtOnce()).withLabel("Series fetched at once"))
        .add(DisplayData.item("connectTimeout", settings.connectTimeout().toString()))
        .add(DisplayData.item("readTimeout", settings.readTimeout().toString()))
        .add(DisplayData.item("maxPages", settings.maxPages()));
  }
}
