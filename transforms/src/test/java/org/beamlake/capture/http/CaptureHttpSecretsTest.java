package org.beamlake.capture.http;

import static org.beamlake.capture.http.CaptureHttpRetryTest.failure;
import static org.beamlake.capture.http.FixtureHttpServer.status;
import static org.beamlake.capture.http.StagedFiles.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.beamlake.capture.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planted secret, referenced from a header, a query parameter and the URL path, reaches the
 * server resolved and appears nowhere else: not in files, entries, display data, logs or messages.
 */
@ExtendWith(TestPipelineExtension.class)
class CaptureHttpSecretsTest {
  static final String SECRET = "pl@nted/s3cret+42";
  static final String ENCODED = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
  static final String PATH_SECRET = "abc123pathsecret";
  static final Secrets SECRETS = Secrets.of(Map.of("API_TOKEN", SECRET, "API_KEY", SECRET, "EXR_KEY", PATH_SECRET));

  @TempDir Path staging;
  private FixtureHttpServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void start() throws IOException {
    server = FixtureHttpServer.start().requireHeader("Authorization", "Bearer " + SECRET);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CaptureHttp capture(String template) {
    return CaptureHttp.from(template)
        .withHeader("Authorization", "Bearer ${env:API_TOKEN}")
        .withQueryParameter("key", "${env:API_KEY}")
        .withSecrets(SECRETS)
        .withStagingDirectory(StagedFiles.directory(staging))
        .withJitter(0)
        .withSleeper(sleeper);
  }

  private static void assertHidden(String text) {
    assertFalse(text.contains(SECRET) || text.contains(ENCODED) || text.contains(PATH_SECRET), text);
  }

  @Test
  void theSecretIsSentButNeverShown(TestPipeline p) throws IOException {
    String page1 = "[{\"id\":1}]";
    String page2 = "[{\"id\":2}]";
    server.respond("/v6/" + PATH_SECRET + "/items?key=" + ENCODED, page1,
            "Link", "<" + server.url("/v6/" + PATH_SECRET + "/items?key=" + ENCODED + "&page=2") + ">; rel=\"next\"")
        .respond("/v6/" + PATH_SECRET + "/items?key=" + ENCODED + "&page=2", page2)
        .fail("/v6/" + PATH_SECRET + "/items?key=" + ENCODED + "&page=2",
            status(503, "overloaded for key " + SECRET + " (" + ENCODED + ")"));
    CaptureHttp capture = capture(server.url("/v6/${env:EXR_KEY}/items")).withPagination(Pagination.linkHeader());

    PAssert.that(p.apply(capture)).containsInAnyOrder(
        entry("page-00001.json", server.url("/v6/***/items?key=***"), page1, 1, "page", "1"),
        entry("page-00002.json", server.url("/v6/***/items?key=***&page=2"), page2, 1, "page", "2"));
    String log = runCapturingStandardError(p);

    assertEquals(List.of("Bearer " + SECRET, "Bearer " + SECRET, "Bearer " + SECRET),
        server.seen().stream().map(s -> s.header("Authorization")).toList());
    assertEquals(Map.of("page-00001.json", page1, "page-00002.json", page2), StagedFiles.read(staging));
    assertTrue(log.contains("GET " + server.url("/v6/***/items?key=***&page=2")
        + ": HTTP 503: overloaded for key *** (***); attempt 1 of 5, retrying in PT1S"), log);
    assertHidden(log);
    String display = DisplayData.from(capture).items().stream()
        .map(item -> item.getKey() + "=" + item.getValue()).collect(Collectors.joining("\n"));
    assertHidden(display);
    assertTrue(display.contains("url=" + server.url("/v6/${env:EXR_KEY}/items")), display);
    assertTrue(display.contains("query=key=${env:API_KEY}"), display);
    assertTrue(display.contains("headers=Authorization"), display);
  }

  @Test
  void aClientErrorEchoingTheSecretIsRedacted(TestPipeline p) {
    server.respond("/items?key=" + ENCODED, 403, "{\"error\":\"key " + SECRET + " is revoked\"}");
    p.apply(capture(server.url("/items")));

    HttpCaptureException e = failure(p);

    assertEquals("GET " + server.url("/items?key=***") + " returned HTTP 403: {\"error\":\"key *** is revoked\"}",
        e.getMessage());
    assertEquals(null, e.getCause());
  }

  @Test
  void aSecretStraddlingTheQuotedLengthIsMaskedWhole(TestPipeline p) {
    String body = "x".repeat(190) + SECRET + "y".repeat(20);
    server.respond("/items?key=" + ENCODED, 401, body);
    p.apply(capture(server.url("/items")));

    assertEquals("GET " + server.url("/items?key=***") + " returned HTTP 401: " + "x".repeat(190) + "***"
        + "y".repeat(7) + "...", failure(p).getMessage());
  }

  @Test
  void theServerRefusesWithoutTheResolvedHeader(TestPipeline p) {
    server.respond("/items", "[]");
    p.apply(capture(server.url("/items")).withHeader("Authorization", "Bearer ${env:API_KEY}x"));

    assertEquals("GET " + server.url("/items?key=***") + " returned HTTP 401: {\"error\":\"unauthorized\"}",
        failure(p).getMessage());
  }

  /** Runs the pipeline with standard error (where the test logger writes) captured. */
  private static String runCapturingStandardError(TestPipeline p) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      p.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
