package org.beamlake.capture.http;

import static org.beamlake.capture.http.CaptureHttpPaginationTest.data360;
import static org.beamlake.capture.http.CaptureHttpRetryTest.failure;
import static org.beamlake.capture.http.FixtureHttpServer.status;
import static org.beamlake.capture.http.StagedFiles.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.beamlake.capture.CaptureCounters;
import org.beamlake.capture.CapturedFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Series fetched at once: the server counts the requests it is answering and stamps their
 * arrival, so concurrency and rate are measured where the API would see them. Nothing here times
 * the test itself: the server holds the first requests until the expected number is in flight.
 */
@ExtendWith(TestPipelineExtension.class)
class CaptureHttpConcurrencyTest {
  private static final int PAGES = 3;
  private static final int PAGE_SIZE = 2;

  @TempDir Path staging;
  private FixtureHttpServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final SortedMap<String, String> bodies = new TreeMap<>();
  private final List<CapturedFile> entries = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = FixtureHttpServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Serves {@code series} series of {@link #PAGES} pages; the files and entries they should give. */
  private List<String> serve(int series) {
    List<String> names = new ArrayList<>();
    for (int s = 0; s < series; s++) {
      String name = "s" + s;
      names.add(name);
      for (int page = 1; page <= PAGES; page++) {
        int skip = (page - 1) * PAGE_SIZE;
        String target = "/data?series=" + name + "&skip=" + skip;
        String body = data360(PAGES * PAGE_SIZE, s * 100 + skip, PAGE_SIZE);
        server.respond(target, body);
        String file = name + "-page-0000" + page + ".json";
        bodies.put(file, body);
        entries.add(entry(file, server.url(target), body, PAGE_SIZE, "page", Integer.toString(page),
            "series", name, "skip", Integer.toString(skip)));
      }
    }
    return names;
  }

  private CaptureHttp capture(List<String> series) {
    return CaptureHttp.from(server.url("/data"))
        .withPagination(Pagination.offset().withPageSize(PAGE_SIZE))
        .withFanout("series", series)
        .withStagingDirectory(StagedFiles.directory(staging))
        .withJitter(0)
        .withSleeper(sleeper);
  }

  /** Each series' targets in the order the server received them. */
  private Map<String, List<String>> targetsBySeries() {
    Map<String, List<String>> bySeries = new TreeMap<>();
    for (String target : server.targets()) {
      String series = target.substring(target.indexOf("series=") + 7, target.indexOf('&'));
      bySeries.computeIfAbsent(series, s -> new ArrayList<>()).add(target.substring(target.indexOf("skip=")));
    }
    return bySeries;
  }

  private static Map<String, Long> counters(PipelineResult result) {
    Map<String, Long> counters = new TreeMap<>();
    for (MetricResult<Long> counter : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(CaptureCounters.NAMESPACE)).build()).getCounters()) {
      counters.merge(counter.getName().getName(), counter.getCommitted(), Long::sum);
    }
    return counters;
  }

  @Test
  void theConcurrencySettingIsReachedAndNeverExceeded(TestPipeline p) throws IOException {
    List<String> series = serve(10);
    server.holdUntilInFlight(4).latency(Duration.ofMillis(20));

    PAssert.that(p.apply(capture(series).withConcurrency(4))).containsInAnyOrder(entries);
    PipelineResult result = p.run();

    assertEquals(4, server.maxInFlight());
    assertEquals(bodies, StagedFiles.read(staging));
    Map<String, List<String>> expectedOrder = new TreeMap<>();
    series.forEach(s -> expectedOrder.put(s, List.of("skip=0", "skip=2", "skip=4")));
    assertEquals(expectedOrder, targetsBySeries());
    assertEquals(Map.of("bytes", (long) bodies.values().stream().mapToInt(String::length).sum(),
        "pages", 30L, "records", 60L, "requests", 30L), counters(result));
  }

  @Test
  void theDefaultIsDerivedFromTheRateLimit(TestPipeline p) throws IOException {
    List<String> series = serve(10);
    server.holdUntilInFlight(5).latency(Duration.ofMillis(20));

    // ceil(20 requests/s * 0.25 s) = 5; the recording sleeper lets every slot pass at once.
    PAssert.that(p.apply(capture(series).withRateLimit(20))).containsInAnyOrder(entries);
    p.run();

    assertEquals(5, server.maxInFlight());
    assertEquals(bodies, StagedFiles.read(staging));
  }

  @Test
  void retriesStillWorkAndKeepTheSeriesInOrder(TestPipeline p) throws IOException {
    List<String> series = serve(6);
    server.holdUntilInFlight(3)
        .fail("/data?series=s2&skip=2", status(503, "busy", "Retry-After", "2"))
        .fail("/data?series=s4&skip=4", status(429, "slow down"), status(500, "oops"));

    PAssert.that(p.apply(capture(series).withConcurrency(3))).containsInAnyOrder(entries);
    PipelineResult result = p.run();

    assertEquals(3, server.maxInFlight());
    assertEquals(bodies, StagedFiles.read(staging));
    Map<String, List<String>> expectedOrder = new TreeMap<>();
    series.forEach(s -> expectedOrder.put(s, List.of("skip=0", "skip=2", "skip=4")));
    expectedOrder.put("s2", List.of("skip=0", "skip=2", "skip=2", "skip=4"));
    expectedOrder.put("s4", List.of("skip=0", "skip=2", "skip=4", "skip=4", "skip=4"));
    assertEquals(expectedOrder, targetsBySeries());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2)),
        sleeper.waits().stream().sorted().toList());
    assertEquals(21L, counters(result).get("requests"));
    assertEquals(3L, counters(result).get("retries"));
    assertEquals(18L, counters(result).get("pages"));
  }

  @Test
  void aFailingSeriesFailsTheCaptureWithItsOwnMessage(TestPipeline p) {
    serve(4);
    server.respond("/data?series=s9&skip=0", 404, "{\"error\":\"no such series\"}");
    p.apply(capture(List.of("s0", "s1", "s2", "s3", "s9")).withConcurrency(5));

    HttpCaptureException e = failure(p);

    assertEquals("GET " + server.url("/data?series=s9&skip=0") + " returned HTTP 404: {\"error\":\"no such series\"}",
        e.getMessage());
    assertEquals(404, e.status());
  }

  @Test
  void theRateLimitHoldsInEverySecondTheServerSaw(TestPipeline p) throws IOException {
    List<String> series = serve(8);
    double rate = 10;

    PAssert.that(p.apply(capture(series).withConcurrency(8).withRateLimit(rate).withSleeper(Sleeper.SYSTEM)))
        .containsInAnyOrder(entries);
    p.run();

    long[] arrived = server.seen().stream().mapToLong(FixtureHttpServer.Seen::arrivedNanos).sorted().toArray();
    assertEquals(24, arrived.length);
    // The limiter's slots are 100 ms apart, so a closed one-second window holds at most 11 of them,
    // and at most 13 when a request reaches the server up to 200 ms after its slot (a busy machine
    // pausing a thread). A limiter per thread instead of per source would put all 24 in under a second.
    int most = 0;
    for (int first = 0; first < arrived.length; first++) {
      int last = first;
      while (last + 1 < arrived.length && arrived[last + 1] - arrived[first] <= 1_000_000_000L) {
        last++;
      }
      most = Math.max(most, last - first + 1);
    }
    assertTrue(most <= 13, "the server saw " + most + " requests in one second, at most 11 (13 with delays) are allowed");
    assertEquals(bodies, StagedFiles.read(staging));
  }
}
