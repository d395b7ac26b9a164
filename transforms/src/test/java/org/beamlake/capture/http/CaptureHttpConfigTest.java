package org.beamlake.capture.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each setting's validation, the checks of {@code expand()}, and the display data. */
class CaptureHttpConfigTest {
  static final String URL = "https://api.worldbank.org/v2/country/all/indicator/{indicator}";
  private final CaptureHttp base = CaptureHttp.from("https://api.example.org/items");

  private static String error(Executable call) {
    return assertThrows(IllegalArgumentException.class, call).getMessage();
  }

  private static String expandError(CaptureHttp capture) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    return error(() -> p.apply(capture));
  }

  @Test
  void theUrlMustBeAbsoluteHttp() {
    assertEquals("url must be an absolute http or https URL, got null", error(() -> CaptureHttp.from(null)));
    assertEquals("url must be an absolute http or https URL, got ftp://host/x",
        error(() -> CaptureHttp.from("ftp://host/x")));
    assertEquals("url must be an absolute http or https URL, got /v2/items",
        error(() -> CaptureHttp.from("/v2/items")));
    CaptureHttp.from("https://v6.example.com/v6/${env:KEY}/latest/{currency}?a=b");
  }

  @Test
  void queryParametersAndHeadersAreChecked() {
    assertEquals("query parameter name must not be blank", error(() -> base.withQueryParameter(" ", "x")));
    assertEquals("query parameter a: value must not be null", error(() -> base.withQueryParameter("a", null)));
    assertEquals("header X-Key: value must not be null", error(() -> base.withHeader("X-Key", null)));
    assertEquals("header Host cannot be set: restricted header name: \"Host\"",
        error(() -> base.withHeader("Host", "example.org")));
    assertEquals("header Bad Name cannot be set: invalid header name: \"Bad Name\"",
        error(() -> base.withHeader("Bad Name", "x")));
    assertEquals("pagination must not be null", error(() -> base.withPagination(null)));
    assertEquals("secrets must not be null", error(() -> base.withSecrets(null)));
  }

  @Test
  void fanoutValuesAreChecked() {
    assertEquals("fan-out parameter must not be blank", error(() -> base.withFanout("", List.of("A"))));
    assertEquals("fan-out indicator: values must not be empty", error(() -> base.withFanout("indicator", List.of())));
    assertEquals("fan-out indicator: value A is listed twice",
        error(() -> base.withFanout("indicator", List.of("A", "B", "A"))));
    assertEquals("fan-out series ${env:X}: indicator must be a plain value (no null, no ${env:...}), got ${env:X}",
        error(() -> base.withFanout("indicator", List.of("${env:X}"))));
    assertEquals("fan-out series rome has parameters [lat], others have [latitude, longitude]",
        error(() -> base.withFanoutSeries(Map.of("paris", Map.of("latitude", "1", "longitude", "2"),
            "rome", Map.of("lat", "3")))));
    assertEquals("fan-out series a_b: its file name prefix a_b is taken",
        error(() -> base.withFanout("x", List.of("a b", "a_b"))));
    assertEquals("fan-out series paris has no parameters", error(() -> base.withFanoutSeries(Map.of("paris", Map.of()))));
    assertEquals("fan-out series must not be empty", error(() -> base.withFanoutSeries(Map.of())));
  }

  @Test
  void limitsAndDurationsAreChecked() {
    assertEquals("stagingDirectory must end with '/', got /lake/raw", error(() -> base.withStagingDirectory("/lake/raw")));
    assertEquals("maxAttempts must be >= 1, got 0", error(() -> base.withMaxAttempts(0)));
    assertEquals("initialBackoff must be a positive duration, got PT-1S",
        error(() -> base.withInitialBackoff(Duration.ofSeconds(-1))));
    assertEquals("maxBackoff must be a positive duration, got PT0S", error(() -> base.withMaxBackoff(Duration.ZERO)));
    assertEquals("jitter must be between 0 and 1, got -0.1", error(() -> base.withJitter(-0.1)));
    assertEquals("requestsPerSecond must be > 0, got 0.0", error(() -> base.withRateLimit(0)));
    assertEquals("requestsPerSecond must be > 0, got Infinity", error(() -> base.withRateLimit(Double.POSITIVE_INFINITY)));
    assertEquals("connectTimeout must be a positive duration, got null", error(() -> base.withConnectTimeout(null)));
    assertEquals("readTimeout must be a positive duration, got PT0S", error(() -> base.withReadTimeout(Duration.ZERO)));
    assertEquals("maxPages must be >= 1, got 0", error(() -> base.withMaxPages(0)));
    assertEquals("concurrency must be between 1 and 256, got 0", error(() -> base.withConcurrency(0)));
    assertEquals("concurrency must be between 1 and 256, got 257", error(() -> base.withConcurrency(257)));
  }

  @Test
  void concurrencyIsDerivedFromTheRateLimitUnlessSet() {
    assertEquals("4", display(base).get("concurrency"));
    assertEquals("4", display(base.withRateLimit(5)).get("concurrency"));
    assertEquals("25", display(base.withRateLimit(100)).get("concurrency"));
    assertEquals("26", display(base.withRateLimit(100.5)).get("concurrency"));
    assertEquals("32", display(base.withRateLimit(1000)).get("concurrency"));
    assertEquals("2", display(base.withRateLimit(1000).withConcurrency(2)).get("concurrency"));
    assertEquals("2", display(base.withConcurrency(2).withRateLimit(1000)).get("concurrency"));
  }

  @Test
  void expandRequiresAStagingDirectory() {
    assertEquals("CaptureHttp of https://api.example.org/items: withStagingDirectory is required", expandError(base));
  }

  @Test
  void expandRequiresAValueForEveryPlaceholder() {
    assertEquals("CaptureHttp of " + URL + ": URL placeholders [indicator] have no value; add withFanout",
        expandError(CaptureHttp.from(URL).withStagingDirectory("/s/")));
    assertEquals("CaptureHttp of " + URL + ": URL placeholders [indicator] have no value; add withFanout",
        expandError(CaptureHttp.from(URL).withStagingDirectory("/s/").withFanout("country", List.of("FR"))));
  }

  @Test
  void expandRefusesAParameterSetTwice() {
    CaptureHttp staged = base.withStagingDirectory("/s/");
    assertEquals("CaptureHttp of https://api.example.org/items: parameter skip is set by the pagination; do not"
        + " set it as a query or fan-out parameter",
        expandError(staged.withPagination(Pagination.offset()).withQueryParameter("skip", "5")));
    assertEquals("CaptureHttp of https://api.example.org/items: parameter page is set by the pagination; do not"
        + " set it as a query or fan-out parameter",
        expandError(staged.withPagination(Pagination.pageNumber()).withFanout("page", List.of("1"))));
    assertEquals("CaptureHttp of https://api.example.org/items: the pagination's page and page size parameters"
        + " are both page",
        expandError(staged.withPagination(Pagination.pageNumber().withPageSizeParameter("page"))));
    assertEquals("CaptureHttp of https://api.example.org/items: parameter city is both a fan-out and a query"
        + " parameter",
        expandError(staged.withQueryParameter("city", "x").withFanout("city", List.of("paris"))));
    assertEquals("CaptureHttp of https://api.example.org/items: initialBackoff PT10M exceeds maxBackoff PT5M",
        expandError(staged.withInitialBackoff(Duration.ofMinutes(10))));
  }

  static Map<String, String> display(CaptureHttp capture) {
    Map<String, String> items = new TreeMap<>();
    DisplayData.from(capture).items().forEach(item -> items.put(item.getKey(), String.valueOf(item.getValue())));
    return items;
  }

  @Test
  void displayDataShowsTheSettingsButNoHeaderValues() {
    CaptureHttp capture = CaptureHttp.from(URL)
        .withQueryParameter("format", "json")
        .withQueryParameter("source", "2")
        .withHeader("Authorization", "Bearer ${env:WB_TOKEN}")
        .withHeader("Accept", "application/json")
        .withPagination(Pagination.pageNumber().withPageSizeParameter("per_page").withPageSize(1000))
        .withFanout("indicator", List.of("SP.POP.TOTL", "NY.GDP.MKTP.CD"))
        .withRateLimit(5)
        .withStagingDirectory("file:///lake/_staging/r1/raw/wb/");

    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("url", URL),
        Map.entry("query", "format=json&source=2"),
        Map.entry("headers", "Accept, Authorization"),
        Map.entry("pagination", "pageNumber(page, per_page=1000, records /1, pages /0/pages)"),
        Map.entry("fanout", "2 series over [indicator]"),
        Map.entry("stagingDirectory", "/lake/_staging/r1/raw/wb/"),
        Map.entry("maxAttempts", "5"),
        Map.entry("backoff", "PT1S to PT5M, jitter 0.5"),
        Map.entry("requestsPerSecond", "5.0"),
        Map.entry("concurrency", "4"),
        Map.entry("connectTimeout", "PT10S"),
        Map.entry("readTimeout", "PT1M"),
        Map.entry("maxPages", "10000")));
    assertEquals(expected, display(capture));
  }

  @Test
  void theOrderOfSettingsDoesNotMatter() {
    CaptureHttp one = base.withHeader("b", "2").withHeader("A", "1").withQueryParameter("z", "1")
        .withQueryParameter("y", "2").withMaxAttempts(3).withJitter(0.1).withStagingDirectory("/s/");
    CaptureHttp other = base.withStagingDirectory("/s/").withJitter(0.1).withQueryParameter("y", "2")
        .withMaxAttempts(3).withQueryParameter("z", "1").withHeader("A", "1").withHeader("b", "2");
    assertEquals(display(one), display(other));
    assertEquals("y=2&z=1", display(one).get("query"));
    assertEquals("A, b", display(one).get("headers"));
  }

  @Test
  void withoutOptionalSettingsTheirItemsAreLeftOut() {
    assertEquals(new TreeMap<>(Map.of("url", "https://api.example.org/items", "pagination", "single(records )",
        "maxAttempts", "5", "backoff", "PT1S to PT5M, jitter 0.5", "connectTimeout", "PT10S",
        "readTimeout", "PT1M", "maxPages", "10000", "concurrency", "4")), display(base));
  }
}
