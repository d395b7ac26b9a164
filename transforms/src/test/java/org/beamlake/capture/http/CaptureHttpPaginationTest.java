package org.beamlake.capture.http;

import static org.beamlake.capture.http.StagedFiles.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
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

/** Each pagination strategy against canned pages: the requests made, the files, the entries. */
@ExtendWith(TestPipelineExtension.class)
class CaptureHttpPaginationTest {
  @TempDir Path staging;
  private FixtureHttpServer server;

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
        .withSleeper(new RecordingSleeper());
  }

  /** A Data360 page, formatted as a server might (spaces, a newline) to show bytes are kept. */
  static String data360(int count, int from, int size) {
    StringJoiner values = new StringJoiner(",");
    for (int i = from; i < from + size; i++) {
      values.add("{\"OBS_VALUE\":\"" + i + "\"}");
    }
    return "{ \"count\": " + count + ",\n  \"value\": [" + values + "] }\n";
  }

  @Test
  void offsetStepsSkipByThePageSizeUntilTheCount(TestPipeline p) throws IOException {
    String page1 = data360(2345, 0, 1000);
    String page2 = data360(2345, 1000, 1000);
    String page3 = data360(2345, 2000, 345);
    server.respond("/data360/data?DATABASE_ID=WB_WDI&skip=0", page1)
        .respond("/data360/data?DATABASE_ID=WB_WDI&skip=1000", page2)
        .respond("/data360/data?DATABASE_ID=WB_WDI&skip=2000", page3);

    PCollection<CapturedFile> files = p.apply(capture("/data360/data", Pagination.offset())
        .withQueryParameter("DATABASE_ID", "WB_WDI"));

    PAssert.that(files).containsInAnyOrder(
        entry("page-00001.json", server.url("/data360/data?DATABASE_ID=WB_WDI&skip=0"), page1, 1000,
            "page", "1", "skip", "0"),
        entry("page-00002.json", server.url("/data360/data?DATABASE_ID=WB_WDI&skip=1000"), page2, 1000,
            "page", "2", "skip", "1000"),
        entry("page-00003.json", server.url("/data360/data?DATABASE_ID=WB_WDI&skip=2000"), page3, 345,
            "page", "3", "skip", "2000"));
    p.run();
    assertEquals(Map.of("page-00001.json", page1, "page-00002.json", page2, "page-00003.json", page3),
        StagedFiles.read(staging));
    assertEquals(List.of("/data360/data?DATABASE_ID=WB_WDI&skip=0",
        "/data360/data?DATABASE_ID=WB_WDI&skip=1000", "/data360/data?DATABASE_ID=WB_WDI&skip=2000"),
        server.targets());
  }

  @Test
  void offsetWithOwnNamesSendsThePageSizeAndStopsAtAnEmptyPage(TestPipeline p) throws IOException {
    String page1 = "{\"total\":\"10\",\"items\":{\"rows\":[1,2]}}";
    String page2 = "{\"total\":\"10\",\"items\":{\"rows\":[]}}";
    server.respond("/rows?limit=2&offset=0", page1).respond("/rows?limit=2&offset=2", page2);

    PCollection<CapturedFile> files = p.apply(capture("/rows", Pagination.offset()
        .withParameter("offset").withPageSize(2).withPageSizeParameter("limit")
        .withRecordsPath("/items/rows").withCountPath("/total")));

    PAssert.that(files).containsInAnyOrder(
        entry("page-00001.json", server.url("/rows?limit=2&offset=0"), page1, 2, "page", "1", "offset", "0"),
        entry("page-00002.json", server.url("/rows?limit=2&offset=2"), page2, 0, "page", "2", "offset", "2"));
    p.run();
    assertEquals(List.of("/rows?limit=2&offset=0", "/rows?limit=2&offset=2"), server.targets());
  }

  static String worldBank(int page, int pages, int total, String records) {
    return "[{\"page\":" + page + ",\"pages\":" + pages + ",\"per_page\":2,\"total\":" + total
        + ",\"lastupdated\":\"2025-01-28\"},[" + records + "]]";
  }

  @Test
  void pageNumberGoesFromOneToThePagesCount(TestPipeline p) throws IOException {
    String target = "/v2/country/all/indicator/SP.POP.TOTL?format=json";
    String page1 = worldBank(1, 3, 5, "{\"countryiso3code\":\"AFE\",\"date\":\"2023\",\"value\":750503764},"
        + "{\"countryiso3code\":\"AFE\",\"date\":\"2022\",\"value\":731821393}");
    String page2 = worldBank(2, 3, 5, "{\"countryiso3code\":\"CIV\",\"country\":{\"value\":\"C\u00f4te d\u2019Ivoire\"}},"
        + "{\"countryiso3code\":\"CIV\",\"date\":\"2022\",\"value\":null}");
    String page3 = worldBank(3, 3, 5, "{\"countryiso3code\":\"ZWE\",\"date\":\"2023\",\"value\":16340822}");
    server.respond(target + "&page=1&per_page=2", page1)
        .respond(target + "&page=2&per_page=2", page2)
        .respond(target + "&page=3&per_page=2", page3);

    PCollection<CapturedFile> files = p.apply(capture("/v2/country/all/indicator/SP.POP.TOTL",
        Pagination.pageNumber().withPageSizeParameter("per_page").withPageSize(2))
        .withQueryParameter("format", "json"));

    PAssert.that(files).containsInAnyOrder(
        entry("page-00001.json", server.url(target + "&page=1&per_page=2"), page1, 2, "page", "1"),
        entry("page-00002.json", server.url(target + "&page=2&per_page=2"), page2, 2, "page", "2"),
        entry("page-00003.json", server.url(target + "&page=3&per_page=2"), page3, 1, "page", "3"));
    p.run();
    assertEquals(Map.of("page-00001.json", page1, "page-00002.json", page2, "page-00003.json", page3),
        StagedFiles.read(staging));
    assertEquals(List.of(target + "&page=1&per_page=2", target + "&page=2&per_page=2",
        target + "&page=3&per_page=2"), server.targets());
  }

  @Test
  void anEmptyPageNumberSeriesIsOneFileOfZeroRecords(TestPipeline p) throws IOException {
    String empty = "[{\"page\":1,\"pages\":0,\"per_page\":50,\"total\":0,\"lastupdated\":\"2025-01-28\"},null]";
    server.respond("/v2/country/XXX/indicator/SP.POP.TOTL?format=json&page=1", empty);

    PCollection<CapturedFile> files = p.apply(capture("/v2/country/XXX/indicator/SP.POP.TOTL",
        Pagination.pageNumber()).withQueryParameter("format", "json"));

    PAssert.that(files).containsInAnyOrder(entry("page-00001.json",
        server.url("/v2/country/XXX/indicator/SP.POP.TOTL?format=json&page=1"), empty, 0, "page", "1"));
    p.run();
    assertEquals(Map.of("page-00001.json", empty), StagedFiles.read(staging));
  }

  @Test
  void nextLinkFollowsAbsoluteAndRelativeUrlsInTheBody(TestPipeline p) throws IOException {
    String page1 = "{\"count\":5,\"next\":\"" + server.url("/api/v2/pokemon?offset=2&limit=2")
        + "\",\"previous\":null,\"results\":[{\"name\":\"bulbasaur\"},{\"name\":\"ivysaur\"}]}";
    String page2 = "{\"count\":5,\"next\":\"/api/v2/pokemon?offset=4&limit=2\",\"results\":"
        + "[{\"name\":\"venusaur\"},{\"name\":\"charmander\"}]}";
    String page3 = "{\"count\":5,\"next\":null,\"results\":[{\"name\":\"charmeleon\"}]}";
    server.respond("/api/v2/pokemon?limit=2", page1)
        .respond("/api/v2/pokemon?offset=2&limit=2", page2)
        .respond("/api/v2/pokemon?offset=4&limit=2", page3);

    PCollection<CapturedFile> files = p.apply(capture("/api/v2/pokemon", Pagination.nextLink("/next"))
        .withQueryParameter("limit", "2"));

    PAssert.that(files).containsInAnyOrder(
        entry("page-00001.json", server.url("/api/v2/pokemon?limit=2"), page1, 2, "page", "1"),
        entry("page-00002.json", server.url("/api/v2/pokemon?offset=2&limit=2"), page2, 2, "page", "2"),
        entry("page-00003.json", server.url("/api/v2/pokemon?offset=4&limit=2"), page3, 1, "page", "3"));
    p.run();
    assertEquals(List.of("/api/v2/pokemon?limit=2", "/api/v2/pokemon?offset=2&limit=2",
        "/api/v2/pokemon?offset=4&limit=2"), server.targets());
  }

  @Test
  void aCursorTokenIsSentAsItsParameterUntilItIsEmpty(TestPipeline p) throws IOException {
    String page1 = "{\"data\":[{\"id\":1},{\"id\":2}],\"meta\":{\"next_cursor\":\"c2/x\"}}";
    String page2 = "{\"data\":[{\"id\":3}],\"meta\":{\"next_cursor\":\"c3\"}}";
    String page3 = "{\"data\":[],\"meta\":{\"next_cursor\":\"\"}}";
    server.respond("/api/events", page1)
        .respond("/api/events?cursor=c2%2Fx", page2)
        .respond("/api/events?cursor=c3", page3);

    PCollection<CapturedFile> files = p.apply(capture("/api/events",
        Pagination.nextLink("/meta/next_cursor").withCursorParameter("cursor").withRecordsPath("/data")));

    PAssert.that(files).containsInAnyOrder(
        entry("page-00001.json", server.url("/api/events"), page1, 2, "page", "1"),
        entry("page-00002.json", server.url("/api/events?cursor=c2%2Fx"), page2, 1, "page", "2", "cursor", "c2/x"),
        entry("page-00003.json", server.url("/api/events?cursor=c3"), page3, 0, "page", "3", "cursor", "c3"));
    p.run();
    assertEquals(List.of("/api/events", "/api/events?cursor=c2%2Fx", "/api/events?cursor=c3"),
        server.targets());
  }

  @Test
  void linkHeaderFollowsRelNext(TestPipeline p) throws IOException {
    String page1 = "[{\"id\":1},{\"id\":2}]";
    String page2 = "[{\"id\":3},{\"id\":4}]";
    String page3 = "[{\"id\":5}]";
    String second = server.url("/orgs/apache/repos?per_page=2&page=2");
    String third = server.url("/orgs/apache/repos?per_page=2&page=3");
    server.respond("/orgs/apache/repos?per_page=2", page1,
            "Link", "<" + second + ">; rel=\"next\", <" + third + ">; rel=\"last\"")
        .respond("/orgs/apache/repos?per_page=2&page=2", page2,
            "Link", "<" + server.url("/orgs/apache/repos?per_page=2&page=1") + ">; rel=\"prev\", <"
                + third + ">; rel=\"next\"")
        .respond("/orgs/apache/repos?per_page=2&page=3", page3, "Link", "<" + second + ">; rel=\"prev\"");

    PCollection<CapturedFile> files = p.apply(capture("/orgs/apache/repos", Pagination.linkHeader())
        .withQueryParameter("per_page", "2"));

    PAssert.that(files).containsInAnyOrder(
        entry("page-00001.json", server.url("/orgs/apache/repos?per_page=2"), page1, 2, "page", "1"),
        entry("page-00002.json", second, page2, 2, "page", "2"),
        entry("page-00003.json", third, page3, 1, "page", "3"));
    p.run();
    assertEquals(new TreeMap<>(Map.of("page-00001.json", page1, "page-00002.json", page2,
        "page-00003.json", page3)), StagedFiles.read(staging));
    assertEquals(List.of("/orgs/apache/repos?per_page=2", "/orgs/apache/repos?per_page=2&page=2",
        "/orgs/apache/repos?per_page=2&page=3"), server.targets());
  }

  @Test
  void singleResponseCountsAPlainArray(TestPipeline p) throws IOException {
    String products = "[{\"id\":1,\"title\":\"Fjallraven - Foldsack No. 1 Backpack\",\"price\":109.95},\n"
        + " {\"id\":2,\"title\":\"Mens Casual Premium Slim Fit T-Shirts \",\"price\":22.3},\n"
        + " {\"id\":3,\"title\":\"Mens Cotton Jacket\",\"price\":55.99}]";
    server.respond("/products", products);

    PCollection<CapturedFile> files = p.apply(capture("/products", Pagination.single()));

    PAssert.that(files).containsInAnyOrder(
        entry("page-00001.json", server.url("/products"), products, 3, "page", "1"));
    p.run();
    assertEquals(Map.of("page-00001.json", products), StagedFiles.read(staging));
    assertEquals(List.of("/products"), server.targets());
  }

  @Test
  void rawStoresAnyContentUnderTheUrlsFileNameWithoutCounting(TestPipeline p) throws IOException {
    String csv = "id,name\n1,\"Ann, B\"\n2,Bob\n";
    server.respond("/exports/orders.csv?day=1", csv);

    PCollection<CapturedFile> files = p.apply(capture("/exports/orders.csv?day=1", Pagination.raw()));

    PAssert.that(files).containsInAnyOrder(
        entry("orders.csv", server.url("/exports/orders.csv?day=1"), csv, -1, "page", "1"));
    p.run();
    assertEquals(Map.of("orders.csv", csv), StagedFiles.read(staging));
  }

  @Test
  void singleResponseOfColumnArraysIsKeptAsReceivedAndCountedByOneColumn(TestPipeline p)
      throws IOException {
    String forecast = "{\"latitude\":48.86,\"longitude\":2.3399997,\"daily_units\":{\"time\":\"iso8601\"},"
        + "\"daily\":{\"time\":[\"2024-01-01\",\"2024-01-02\",\"2024-01-03\"],"
        + "\"temperature_2m_max\":[9.4,8.1,6.0]}}";
    String target = "/v1/forecast?daily=temperature_2m_max&latitude=48.86&longitude=2.34";
    server.respond(target, forecast);

    PCollection<CapturedFile> files = p.apply(capture("/v1/forecast",
        Pagination.single().withRecordsPath("/daily/time"))
        .withQueryParameter("latitude", "48.86")
        .withQueryParameter("longitude", "2.34")
        .withQueryParameter("daily", "temperature_2m_max"));

    PAssert.that(files).containsInAnyOrder(entry("page-00001.json", server.url(target), forecast, 3, "page", "1"));
    p.run();
    assertEquals(Map.of("page-00001.json", forecast), StagedFiles.read(staging));
  }

  @Test
  void knownDigestOfTheBytesAsReceived(TestPipeline p) {
    server.respond("/empty", "[]");
    PAssert.that(p.apply(capture("/empty", Pagination.single()))).containsInAnyOrder(new CapturedFile(
        "page-00001.json", server.url("/empty"), 2,
        "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945", 0, Map.of("page", "1")));
    p.run();
  }
}
