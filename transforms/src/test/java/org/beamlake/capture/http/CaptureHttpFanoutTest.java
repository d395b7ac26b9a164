package org.beamlake.capture.http;

import static org.beamlake.capture.http.CaptureHttpPaginationTest.worldBank;
import static org.beamlake.capture.http.StagedFiles.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
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

/** Fan-out: one request series per value or parameter set, each paged in order. */
@ExtendWith(TestPipelineExtension.class)
class CaptureHttpFanoutTest {
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

  private final Map<String, String> bodies = new TreeMap<>();

  /** Serves {@code pages} World Bank pages for an indicator (its path segment as sent). */
  private List<String> indicator(String segment, int pages) {
    List<String> targets = new ArrayList<>();
    for (int page = 1; page <= pages; page++) {
      String target = "/v2/country/all/indicator/" + segment + "?format=json&page=" + page;
      String body = worldBank(page, pages, pages, "{\"indicator\":\"" + segment + "\",\"page\":" + page + "}");
      server.respond(target, body);
      bodies.put(target, body);
      targets.add(target);
    }
    return targets;
  }

  private CaptureHttp worldBankIndicators(List<String> indicators) {
    return CaptureHttp.from(server.url("/v2/country/all/indicator/{indicator}"))
        .withQueryParameter("format", "json")
        .withPagination(Pagination.pageNumber())
        .withFanout("indicator", indicators)
        .withStagingDirectory(StagedFiles.directory(staging))
        .withSleeper(new RecordingSleeper());
  }

  @Test
  void eachValueIsASeriesPagedInOrderAndNamedByTheValue(TestPipeline p) throws IOException {
    List<String> population = indicator("SP.POP.TOTL", 2);
    List<String> gdp = indicator("NY.GDP.MKTP.CD", 1);
    List<String> emissions = indicator("EN%20ATM%2FCO2", 3);

    PCollection<CapturedFile> files = p.apply(worldBankIndicators(List.of("SP.POP.TOTL", "NY.GDP.MKTP.CD", "EN ATM/CO2")));

    PAssert.that(files).containsInAnyOrder(
        entry("SP.POP.TOTL-page-00001.json", server.url(population.get(0)), bodies.get(population.get(0)), 1,
            "page", "1", "indicator", "SP.POP.TOTL"),
        entry("SP.POP.TOTL-page-00002.json", server.url(population.get(1)), bodies.get(population.get(1)), 1,
            "page", "2", "indicator", "SP.POP.TOTL"),
        entry("NY.GDP.MKTP.CD-page-00001.json", server.url(gdp.get(0)), bodies.get(gdp.get(0)), 1,
            "page", "1", "indicator", "NY.GDP.MKTP.CD"),
        entry("EN_ATM_CO2-page-00001.json", server.url(emissions.get(0)), bodies.get(emissions.get(0)), 1,
            "page", "1", "indicator", "EN ATM/CO2"),
        entry("EN_ATM_CO2-page-00002.json", server.url(emissions.get(1)), bodies.get(emissions.get(1)), 1,
            "page", "2", "indicator", "EN ATM/CO2"),
        entry("EN_ATM_CO2-page-00003.json", server.url(emissions.get(2)), bodies.get(emissions.get(2)), 1,
            "page", "3", "indicator", "EN ATM/CO2"));
    p.run();

    SortedMap<String, String> expected = new TreeMap<>(Map.of(
        "SP.POP.TOTL-page-00001.json", bodies.get(population.get(0)),
        "SP.POP.TOTL-page-00002.json", bodies.get(population.get(1)),
        "NY.GDP.MKTP.CD-page-00001.json", bodies.get(gdp.get(0)),
        "EN_ATM_CO2-page-00001.json", bodies.get(emissions.get(0)),
        "EN_ATM_CO2-page-00002.json", bodies.get(emissions.get(1)),
        "EN_ATM_CO2-page-00003.json", bodies.get(emissions.get(2))));
    assertEquals(expected, StagedFiles.read(staging));
    List<String> seen = server.targets();
    assertEquals(List.copyOf(bodies.keySet()), seen.stream().sorted().toList());
    for (List<String> series : List.of(population, gdp, emissions)) {
      String prefix = series.get(0).substring(0, series.get(0).indexOf('?'));
      assertEquals(series, seen.stream().filter(t -> t.startsWith(prefix + "?")).toList());
    }
  }

  @Test
  void namedParameterSetsFillTheQuery(TestPipeline p) throws IOException {
    String paris = "{\"daily\":{\"time\":[\"2024-01-01\",\"2024-01-02\"],\"temperature_2m_max\":[9.4,8.1]}}";
    String saoPaulo = "{\"daily\":{\"time\":[\"2024-01-01\"],\"temperature_2m_max\":[31.2]}}";
    server.respond("/v1/forecast?daily=temperature_2m_max&latitude=48.86&longitude=2.34", paris)
        .respond("/v1/forecast?daily=temperature_2m_max&latitude=-23.55&longitude=-46.63", saoPaulo);

    PCollection<CapturedFile> files = p.apply(CaptureHttp.from(server.url("/v1/forecast"))
        .withQueryParameter("daily", "temperature_2m_max")
        .withPagination(Pagination.single().withRecordsPath("/daily/time"))
        .withFanoutSeries(Map.of(
            "paris", Map.of("latitude", "48.86", "longitude", "2.34"),
            "S\u00e3o Paulo", Map.of("latitude", "-23.55", "longitude", "-46.63")))
        .withStagingDirectory(StagedFiles.directory(staging)));

    PAssert.that(files).containsInAnyOrder(
        entry("paris-page-00001.json",
            server.url("/v1/forecast?daily=temperature_2m_max&latitude=48.86&longitude=2.34"), paris, 2,
            "page", "1", "latitude", "48.86", "longitude", "2.34"),
        entry("S_o_Paulo-page-00001.json",
            server.url("/v1/forecast?daily=temperature_2m_max&latitude=-23.55&longitude=-46.63"), saoPaulo, 1,
            "page", "1", "latitude", "-23.55", "longitude", "-46.63"));
    p.run();
    assertEquals(Map.of("paris-page-00001.json", paris, "S_o_Paulo-page-00001.json", saoPaulo),
        StagedFiles.read(staging));
  }

  @Test
  void aRerunWritesTheSameNamesAndBytes(TestPipeline p) throws IOException {
    indicator("SP.POP.TOTL", 2);
    indicator("NY.GDP.MKTP.CD", 1);
    CaptureHttp capture = worldBankIndicators(List.of("SP.POP.TOTL", "NY.GDP.MKTP.CD"));
    p.apply(capture);
    p.run();
    SortedMap<String, String> first = StagedFiles.read(staging);

    Pipeline again = Pipeline.create(PipelineOptionsFactory.create());
    again.apply(capture);
    again.run().waitUntilFinish();

    assertEquals(first, StagedFiles.read(staging));
    assertEquals(List.of("NY.GDP.MKTP.CD-page-00001.json", "SP.POP.TOTL-page-00001.json",
        "SP.POP.TOTL-page-00002.json"), List.copyOf(first.keySet()));
    assertEquals(6, server.targets().size());
  }
}
