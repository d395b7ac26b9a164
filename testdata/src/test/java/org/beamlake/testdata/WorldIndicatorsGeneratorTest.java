package org.beamlake.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldIndicatorsGeneratorTest {

  private static WorldIndicatorsOptions small(Path out) {
    return WorldIndicatorsOptions.defaults(out).withCountries(5).withYears(1995, 2012).withPageSize(30);
  }

  private static List<Path> pages(Path pagesDir) throws IOException {
    try (Stream<Path> files = Files.list(pagesDir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void sameSeedWritesIdenticalBytes(@TempDir Path first, @TempDir Path second) throws IOException {
    WorldIndicatorsGenerator.generate(small(first));
    WorldIndicatorsGenerator.generate(small(second));
    List<Path> a = pages(first.resolve("pages"));
    List<Path> b = pages(second.resolve("pages"));
    assertEquals(a.stream().map(Path::getFileName).toList(), b.stream().map(Path::getFileName).toList());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
    }
  }

  @Test
  void anotherSeedWritesOtherValues(@TempDir Path first, @TempDir Path second) throws IOException {
    WorldIndicatorsGenerator.generate(small(first));
    WorldIndicatorsGenerator.generate(small(second).withSeed(7));
    String name = PageWriter.fileName(Indicator.LIFE_EXPECTANCY, 0);
    assertFalse(Arrays.equals(
        Files.readAllBytes(first.resolve("pages").resolve(name)),
        Files.readAllBytes(second.resolve("pages").resolve(name))));
  }

  @Test
  void pagesHoldAtMostPageSizeRecordsAndTheIndicatorsCount(@TempDir Path out) throws IOException {
    GeneratedPages written = WorldIndicatorsGenerator.generate(small(out));
    // 5 countries: 18 years of life expectancy, 18 of CO2, 13 of electricity, plus a duplicate each.
    assertEquals(5 * 18 + 1 + 5 * 18 + 1 + 5 * 13 + 1, written.records());
    assertEquals(4 + 4 + 3, written.pages());
    ObjectMapper mapper = new ObjectMapper();
    Path lastPage = written.pagesDir().resolve(PageWriter.fileName(Indicator.LIFE_EXPECTANCY, 90));
    JsonNode last = mapper.readTree(lastPage.toFile());
    assertEquals(91, last.get("count").asInt());
    assertEquals(1, last.get("value").size());
    for (Path page : pages(out.resolve("pages"))) {
      assertTrue(mapper.readTree(page.toFile()).get("value").size() <= 30, page.toString());
    }
  }

  @Test
  void rerunDeletesThePagesOfTheLastRun(@TempDir Path out) throws IOException {
    WorldIndicatorsGenerator.generate(small(out).withPageSize(10));
    GeneratedPages written = WorldIndicatorsGenerator.generate(small(out).withPageSize(1000));
    assertEquals(3, written.pages());
    assertEquals(3, pages(out.resolve("pages")).size());
  }

  @Test
  void fullDemoHoldsThePlannedDefectsAndAboutTwoPercentNulls(@TempDir Path out) throws IOException {
    GeneratedPages written = WorldIndicatorsGenerator.generate(WorldIndicatorsOptions.defaults(out));
    PageCensus census = PageCensus.of(written.pagesDir());
    assertEquals(200 * 64 + 200 * 31 + 200 * 23 + 3, census.records);
    assertEquals(25, census.pages);
    assertEquals(PageCensus.planned(), census.kinds);
    assertEquals(3, census.duplicatePages.size());
    for (String pair : census.duplicatePages) {
      String[] pages = pair.split(" -> ");
      assertFalse(pages[0].equals(pages[1]), pair);
    }
    double nullShare = (double) census.nullValues / census.records;
    assertTrue(nullShare > 0.015 && nullShare < 0.025, "null share " + nullShare);
  }

  @Test
  void valuesStayWithinEachSeriesRange(@TempDir Path out) throws IOException {
    WorldIndicatorsGenerator.generate(WorldIndicatorsOptions.defaults(out).withCountries(60));
    WorldIndicatorsExpected expected = WorldIndicatorsExpected.compute(out.resolve("pages"));
    for (TrustedIndicatorRow row : expected.trustedRows()) {
      Indicator indicator = Arrays.stream(Indicator.values())
          .filter(i -> i.indicatorId().equals(row.indicator())).findFirst().orElseThrow();
      assertTrue(row.obsValue() >= indicator.minValue() && row.obsValue() <= indicator.maxValue(), row.toString());
      assertTrue(row.timePeriod() >= indicator.firstYear() && row.timePeriod() <= indicator.lastYear(), row.toString());
    }
  }

  @Test
  void refusesRangesTooSmallForTheDefects(@TempDir Path out) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WorldIndicatorsGenerator.generate(
            WorldIndicatorsOptions.defaults(out).withCountries(1).withYears(2000, 2000)));
    assertTrue(e.getMessage().startsWith("WB_WDI_SP_DYN_LE00_IN covers 1960-2023 and gets only "), e.getMessage());
    assertTrue(e.getMessage().endsWith("defects need 6: raise --countries or widen --from/--to"), e.getMessage());
  }

  @Test
  void formatsValuesAsTheApiDoes() {
    assertEquals("72.31", ObservationRecords.format(72.3104, 3));
    assertEquals("100", ObservationRecords.format(100.0, 2));
    assertEquals("0.05", ObservationRecords.format(0.0500001, 3));
  }
}
