package org.beamlake.capture.http;

import static org.beamlake.capture.http.FixtureHttpServer.drop;
import static org.beamlake.capture.http.FixtureHttpServer.slow;
import static org.beamlake.capture.http.FixtureHttpServer.status;
import static org.beamlake.capture.http.StagedFiles.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.beamlake.capture.CapturedFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries against injected faults: the requests the server saw and the waits asked of the sleeper
 * (recorded, not slept), with jitter off so each backoff is exact.
 */
@ExtendWith(TestPipelineExtension.class)
class CaptureHttpRetryTest {
  static final String BODY = "[{\"id\":1},{\"id\":2}]";

  @TempDir Path staging;
  private FixtureHttpServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void start() throws IOException {
    server = FixtureHttpServer.start();
    server.respond("/items", BODY);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CaptureHttp capture(String target) {
    return CaptureHttp.from(server.url(target))
        .withStagingDirectory(StagedFiles.directory(staging))
        .withJitter(0)
        .withSleeper(sleeper);
  }

  private void assertCapturedOnce(TestPipeline p, CaptureHttp capture) throws IOException {
    PAssert.that(p.apply(capture)).containsInAnyOrder(
        entry("page-00001.json", server.url("/items"), BODY, 2, "page", "1"));
    p.run();
    assertEquals(Map.of("page-00001.json", BODY), StagedFiles.read(staging));
  }

  @Test
  void serviceUnavailableIsRetriedWithDoublingBackoff(TestPipeline p) throws IOException {
    server.fail("/items", status(503, "busy"), status(503, "busy"), status(500, "oops"));

    assertCapturedOnce(p, capture("/items"));

    assertEquals(Collections.nCopies(4, "/items"), server.targets());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeper.waits());
  }

  @Test
  void backoffIsCappedAtMaxBackoff(TestPipeline p) throws IOException {
    server.fail("/items", status(502, ""), status(502, ""), status(502, ""), status(502, ""));

    assertCapturedOnce(p, capture("/items").withMaxAttempts(5)
        .withInitialBackoff(Duration.ofMillis(1500)).withMaxBackoff(Duration.ofSeconds(4)));

    assertEquals(Collections.nCopies(5, "/items"), server.targets());
    assertEquals(List.of(Duration.ofMillis(1500), Duration.ofSeconds(3), Duration.ofSeconds(4),
        Duration.ofSeconds(4)), sleeper.waits());
  }

  @Test
  void tooManyRequestsWaitsRetryAfterSeconds(TestPipeline p) throws IOException {
    server.fail("/items", status(429, "slow down", "Retry-After", "2"), status(503, "", "Retry-After", "7"),
        status(429, "no header"));

    assertCapturedOnce(p, capture("/items"));

    assertEquals(Collections.nCopies(4, "/items"), server.targets());
    assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(7), Duration.ofSeconds(4)), sleeper.waits());
  }

  /**
   * The JDK client itself retries a GET once when the connection closes before any response, so a
   * drop reaches the capture's own retries only the second time in a row.
   */
  @Test
  void aDroppedConnectionIsRetried(TestPipeline p) throws IOException {
    server.fail("/items", drop(), drop());

    assertCapturedOnce(p, capture("/items"));

    assertEquals(List.of("/items", "/items", "/items"), server.targets());
    assertEquals(List.of(Duration.ofSeconds(1)), sleeper.waits());
  }

  @Test
  void aResponseSlowerThanTheReadTimeoutIsRetried(TestPipeline p) throws IOException {
    server.fail("/items", slow(Duration.ofSeconds(30)));

    assertCapturedOnce(p, capture("/items").withReadTimeout(Duration.ofSeconds(1)));

    assertEquals(List.of("/items", "/items"), server.targets());
    assertEquals(List.of(Duration.ofSeconds(1)), sleeper.waits());
  }

  @Test
  void aFailedPageInTheMiddleIsRetriedAndTheSeriesGoesOn(TestPipeline p) {
    String page1 = CaptureHttpPaginationTest.data360(3, 0, 2);
    String page2 = CaptureHttpPaginationTest.data360(3, 2, 1);
    server.respond("/data?skip=0", page1).respond("/data?skip=2", page2)
        .fail("/data?skip=2", status(504, "gateway timeout"));

    PCollection<CapturedFile> files = p.apply(capture("/data").withPagination(Pagination.offset().withPageSize(2)));

    PAssert.that(files).containsInAnyOrder(
        entry("page-00001.json", server.url("/data?skip=0"), page1, 2, "page", "1", "skip", "0"),
        entry("page-00002.json", server.url("/data?skip=2"), page2, 1, "page", "2", "skip", "2"));
    p.run();
    assertEquals(List.of("/data?skip=0", "/data?skip=2", "/data?skip=2"), server.targets());
    assertEquals(List.of(Duration.ofSeconds(1)), sleeper.waits());
  }

  @Test
  void afterTheLastAttemptTheCaptureFailsWithTheLastReason(TestPipeline p) {
    server.fail("/items", status(503, "busy 1"), status(503, "busy 2"), status(503, "busy 3"));
    p.apply(capture("/items").withMaxAttempts(3));

    HttpCaptureException e = failure(p);

    assertEquals("GET " + server.url("/items") + " failed after 3 attempts, the last: HTTP 503: busy 3",
        e.getMessage());
    assertEquals(503, e.status());
    assertEquals(Collections.nCopies(3, "/items"), server.targets());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeper.waits());
  }

  @Test
  void timeoutsThatNeverEndFailNamingTheTimeout(TestPipeline p) {
    server.fail("/items", slow(Duration.ofSeconds(30)), slow(Duration.ofSeconds(30)));
    p.apply(capture("/items").withMaxAttempts(2).withReadTimeout(Duration.ofMillis(200)));

    HttpCaptureException e = failure(p);

    assertEquals("GET " + server.url("/items")
        + " failed after 2 attempts, the last: no complete response within PT0.2S", e.getMessage());
    assertEquals(0, e.status());
  }

  @Test
  void oneAttemptMeansNoRetry(TestPipeline p) {
    server.fail("/items", drop(), drop());
    p.apply(capture("/items").withMaxAttempts(1));

    HttpCaptureException e = failure(p);

    // What follows the exception's class is the JDK's own wording.
    assertTrue(e.getMessage().startsWith("GET " + server.url("/items")
        + " failed after 1 attempt, the last: connection failed: IOException: "), e.getMessage());
    assertEquals(List.of("/items", "/items"), server.targets());
    assertEquals(List.of(), sleeper.waits());
  }

  @Test
  void aRetryAfterLongerThanMaxBackoffFailsAtOnce(TestPipeline p) {
    server.fail("/items", status(429, "{\"message\":\"quota exceeded\"}", "Retry-After", "3600"));
    p.apply(capture("/items").withMaxBackoff(Duration.ofMinutes(1)));

    HttpCaptureException e = failure(p);

    assertEquals("GET " + server.url("/items") + " asked to wait PT1H (Retry-After), more than maxBackoff"
        + " PT1M, after HTTP 429: {\"message\":\"quota exceeded\"}", e.getMessage());
    assertEquals(429, e.status());
    assertEquals(List.of("/items"), server.targets());
    assertEquals(List.of(), sleeper.waits());
  }

  /** The capture's exception, as the pipeline run reports it. */
  static HttpCaptureException failure(TestPipeline p) {
    PipelineExecutionException e = assertThrows(PipelineExecutionException.class, p::run);
    return assertInstanceOf(HttpCaptureException.class, e.getCause());
  }
}
