package org.beamlake.capture.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.beamlake.capture.CapturedFile;
import org.beamlake.capture.http.Pager.PageRequest;
import org.beamlake.lake.LakeFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the pages of one series in order, writes each body as received to the staging directory
 * under its stable name, and reports each file to its {@link FetchEvents}. A re-run (or a retried
 * bundle) writes the same names again. Safe to run for several series at once: it shares only the
 * HTTP client and the JVM's rate limiter, both thread-safe.
 */
final class SeriesFetch {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(SeriesFetch.class);

  private final FetchSettings settings;
  private final HttpClient client;

  SeriesFetch(FetchSettings settings, HttpClient client) {
    this.settings = settings;
    this.client = client;
  }

  void fetch(Series series, FetchEvents events) throws IOException, InterruptedException {
    RequestUrls urls = new RequestUrls(settings.url(), settings.query(), series, settings.secrets());
    Pager pager = new Pager(settings.pagination(), urls);
    PageRequest request = pager.first();
    HttpFetcher fetcher = new HttpFetcher(client, settings, settings.requestsPerSecond() > 0
        ? RequestRateLimiter.shared(RequestUrls.origin(request.uri()), settings.requestsPerSecond(),
            settings.sleeper())
        : null, events);
    ResourceId directory = FileSystems.matchNewResource(settings.stagingDirectory(), true);
    int pages = 0;
    long total = 0;
    while (request != null) {
      String shown = "GET " + settings.redact(request.uri().toString());
      if (request.page() > settings.maxPages()) {
        throw new HttpCaptureException(
            "more than maxPages " + settings.maxPages() + " pages; the next would be " + shown, 0);
      }
      HttpFetcher.Response response = fetcher.get(request.uri());
      if (settings.pagination().kind() == Pagination.Kind.RAW) {
        String name = series.rawFileName(request.uri());
        write(directory.resolve(name, StandardResolveOptions.RESOLVE_FILE), response.body());
        events.stored(new CapturedFile(name, settings.redact(request.uri().toString()),
            response.body().length, sha256(response.body()), -1, details(series, request)), false);
        return;
      }
      long records;
      PageRequest next;
      try {
        JsonNode body = parse(response.body());
        records = pager.records(body);
        next = pager.next(request, body, records, response.headers());
      } catch (IllegalStateException e) {
        String body = response.body().length == 0 ? "" : "; body: " + fetcher.snippet(response.body());
        throw new HttpCaptureException(shown + " (HTTP " + response.status() + "): "
            + settings.redact(e.getMessage()) + body, response.status());
      }
      String name = series.fileName(request.page());
      write(directory.resolve(name, StandardResolveOptions.RESOLVE_FILE), response.body());
      events.stored(new CapturedFile(name, settings.redact(request.uri().toString()),
          response.body().length, sha256(response.body()), records, details(series, request)), true);
      request = next;
      pages++;
      total += records;
    }
    LOG.info("Captured {} pages, {} records{}", pages, total,
        series.name().isEmpty() ? "" : " of series " + series.name());
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new IllegalStateException("the body is empty");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalStateException("the body is not JSON");
    }
  }

  private static SortedMap<String, String> details(Series series, PageRequest request) {
    SortedMap<String, String> details = new TreeMap<>();
    details.put("page", Integer.toString(request.page()));
    details.putAll(series.parameters());
    details.putAll(request.paging());
    return details;
  }

  private static void write(ResourceId file, byte[] bytes) throws IOException {
    try (WritableByteChannel channel = LakeFiles.replace(file, MimeTypes.BINARY)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(CapturedFile.newSha256().digest(bytes));
  }

}
