package org.beamlake.capture.http;

import static org.beamlake.capture.http.CaptureHttpRetryTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Responses that fail the capture at once, and the exact messages they give. */
@ExtendWith(TestPipelineExtension.class)
class CaptureHttpErrorTest {
  @TempDir Path staging;
  private FixtureHttpServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void start() throws IOException {
    server = FixtureHttpServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CaptureHttp capture(String target, Pagination pagination) {
    return CaptureHttp.from(server.url(target))
        .withPagination(pagination)
        .withStagingDirectory(StagedFiles.directory(staging))
        .withSleeper(sleeper);
  }

  @Test
  void aClientErrorFailsAtOnceQuotingTheFirst200CharactersOfTheBody(TestPipeline p) throws IOException {
    String body = "{\"message\":\"" + "x".repeat(250) + "\"}";
    server.respond("/v2/indicator/NOPE?format=json", 404, body);
    p.apply(capture("/v2/indicator/NOPE", Pagination.single()).withQueryParameter("format", "json"));

    HttpCaptureException e = failure(p);

    assertEquals("GET " + server.url("/v2/indicator/NOPE?format=json") + " returned HTTP 404: "
        + body.substring(0, 200) + "...", e.getMessage());
    assertEquals(404, e.status());
    assertEquals(List.of("/v2/indicator/NOPE?format=json"), server.targets());
    assertEquals(List.of(), sleeper.waits());
    assertEquals(Map.of(), StagedFiles.read(staging));
  }

  @Test
  void aClientErrorOnALaterPageNamesThatPage(TestPipeline p) {
    server.respond("/data?skip=0", CaptureHttpPaginationTest.data360(2000, 0, 1000))
        .respond("/data?skip=1000", 400, "{\"error\":\"skip out of range\"}");
    p.apply(capture("/data", Pagination.offset()));

    HttpCaptureException e = failure(p);

    assertEquals("GET " + server.url("/data?skip=1000") + " returned HTTP 400: {\"error\":\"skip out of range\"}",
        e.getMessage());
  }

  @Test
  void aRedirectIsNotFollowed(TestPipeline p) {
    server.respond("/old", 301, "", "Location", "https://example.org/new");
    p.apply(capture("/old", Pagination.single()));

    HttpCaptureException e = failure(p);

    assertEquals("GET " + server.url("/old") + " returned HTTP 301 redirect to https://example.org/new"
        + " (redirects are not followed; configure that URL)", e.getMessage());
    assertEquals(301, e.status());
  }

  @Test
  void aBodyThatIsNotJsonFails(TestPipeline p) {
    server.respond("/page", "<html><body>Maintenance</body></html>");
    p.apply(capture("/page", Pagination.single()));

    assertEquals("GET " + server.url("/page") + " (HTTP 200): the body is not JSON; body: "
        + "<html><body>Maintenance</body></html>", failure(p).getMessage());
  }

  @Test
  void anEmptyBodyFails(TestPipeline p) {
    server.respond("/page", 204, "");
    p.apply(capture("/page", Pagination.single()));

    assertEquals("GET " + server.url("/page") + " (HTTP 204): the body is empty", failure(p).getMessage());
  }

  @Test
  void aMissingRecordsPathFails(TestPipeline p) {
    server.respond("/data?skip=0", "{\"count\":1,\"values\":[1]}");
    p.apply(capture("/data", Pagination.offset()));

    assertEquals("GET " + server.url("/data?skip=0") + " (HTTP 200): no records at '/value'; body: "
        + "{\"count\":1,\"values\":[1]}", failure(p).getMessage());
  }

  @Test
  void recordsThatAreNotAnArrayFail(TestPipeline p) {
    server.respond("/one", "{\"id\":1}");
    p.apply(capture("/one", Pagination.single()));

    assertEquals("GET " + server.url("/one") + " (HTTP 200): expected an array of records at '',"
        + " found object; body: {\"id\":1}", failure(p).getMessage());
  }

  @Test
  void aWorldBankErrorMessageInsteadOfPagesFails(TestPipeline p) {
    String message = "[{\"message\":[{\"id\":\"120\",\"key\":\"Invalid value\",\"value\":\"The provided"
        + " parameter value is not valid\"}]}]";
    server.respond("/v2/indicator/X?page=1", message);
    p.apply(capture("/v2/indicator/X", Pagination.pageNumber().withRecordsPath("/0/message")));

    assertEquals("GET " + server.url("/v2/indicator/X?page=1") + " (HTTP 200): no total at"
        + " '/0/pages'; body: " + message, failure(p).getMessage());
  }

  @Test
  void aTotalThatIsNotANumberFails(TestPipeline p) {
    server.respond("/data?skip=0", "{\"count\":\"many\",\"value\":[]}");
    p.apply(capture("/data", Pagination.offset()));

    assertEquals("GET " + server.url("/data?skip=0") + " (HTTP 200): expected a whole number at"
        + " '/count', found string; body: {\"count\":\"many\",\"value\":[]}", failure(p).getMessage());
  }

  @Test
  void aNextLinkToAnotherOriginFails(TestPipeline p) {
    String body = "{\"next\":\"https://example.org/steal?page=2\",\"results\":[]}";
    server.respond("/items", body);
    p.apply(capture("/items", Pagination.nextLink("/next")));

    assertEquals("GET " + server.url("/items") + " (HTTP 200): the next link"
        + " https://example.org/steal?page=2 leaves " + server.url("") + "; body: " + body, failure(p).getMessage());
  }

  @Test
  void aNextLinkToItselfFails(TestPipeline p) {
    String body = "{\"next\":\"" + server.url("/items") + "\",\"results\":[1]}";
    server.respond("/items", body);
    p.apply(capture("/items", Pagination.nextLink("/next")));

    assertEquals("GET " + server.url("/items") + " (HTTP 200): the next link repeats this"
        + " page's URL; body: " + body, failure(p).getMessage());
  }

  @Test
  void moreThanMaxPagesFails(TestPipeline p) {
    server.respond("/v2/x?page=1", CaptureHttpPaginationTest.worldBank(1, 5, 10, "1,2"))
        .respond("/v2/x?page=2", CaptureHttpPaginationTest.worldBank(2, 5, 10, "3,4"));
    p.apply(capture("/v2/x", Pagination.pageNumber()).withMaxPages(2));

    assertEquals("more than maxPages 2 pages; the next would be GET " + server.url("/v2/x?page=3"),
        failure(p).getMessage());
    assertEquals(List.of("/v2/x?page=1", "/v2/x?page=2"), server.targets());
  }

  @Test
  void anUnsetSecretFailsNamingTheVariable(TestPipeline p) {
    server.respond("/items", "[]");
    p.apply(capture("/items", Pagination.single())
        .withHeader("Authorization", "Bearer ${env:NOT_SET_ANYWHERE}")
        .withSecrets(org.beamlake.capture.Secrets.of(Map.of())));

    Exception e = org.junit.jupiter.api.Assertions.assertThrows(
        org.apache.beam.sdk.Pipeline.PipelineExecutionException.class, p::run);

    assertEquals("environment variable NOT_SET_ANYWHERE is not set (referenced as ${env:NOT_SET_ANYWHERE})",
        e.getCause().getMessage());
    assertEquals(List.of(), server.targets());
  }
}
