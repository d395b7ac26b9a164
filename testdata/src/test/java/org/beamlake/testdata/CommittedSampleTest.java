package org.beamlake.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample committed under {@code world-indicators/samples/pages}, which CI's {@code beamlake
 * test} runs on. Regenerate it, from the module directory, with {@code WorldIndicatorsGenerator
 * --out world-indicators/samples --countries 6 --from 2000 --to 2011 --page-size 40}.
 */
class CommittedSampleTest {
  private static final Path SAMPLE_PAGES = Path.of("world-indicators", "samples", "pages");

  private static WorldIndicatorsOptions sampleOptions(Path out) {
    return WorldIndicatorsOptions.defaults(out).withCountries(6).withYears(2000, 2011).withPageSize(40);
  }

  private static List<Path> pages(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void committedSampleIsWhatTheGeneratorWrites(@TempDir Path out) throws IOException {
    GeneratedPages written = WorldIndicatorsGenerator.generate(sampleOptions(out));
    List<Path> committed = pages(SAMPLE_PAGES);
    List<Path> fresh = pages(written.pagesDir());
    assertEquals(fresh.stream().map(Path::getFileName).toList(), committed.stream().map(Path::getFileName).toList(),
        "the committed sample is stale: regenerate it (see this test's Javadoc)");
    for (int i = 0; i < fresh.size(); i++) {
      assertArrayEquals(Files.readAllBytes(fresh.get(i)), Files.readAllBytes(committed.get(i)),
          committed.get(i) + " is stale: regenerate the sample (see this test's Javadoc)");
    }
  }

  @Test
  void sampleHoldsEachDefectKindAndNullsOverSeveralPages() throws IOException {
    PageCensus census = PageCensus.of(SAMPLE_PAGES);
    assertEquals(6 * 12 * 3 + 3, census.records);
    assertEquals(6, census.pages);
    assertEquals(PageCensus.planned(), census.kinds);
    for (String pair : census.duplicatePages) {
      String[] pages = pair.split(" -> ");
      assertTrue(!pages[0].equals(pages[1]), pair);
    }
    assertTrue(census.nullValues >= 3, "nulls: " + census.nullValues);
  }

  @Test
  void oracleAccountsForEverySampleRecord() throws IOException {
    WorldIndicatorsExpected expected = WorldIndicatorsExpected.compute(SAMPLE_PAGES);
    assertEquals(219, expected.recordsRead());
    assertEquals(5, expected.quarantinedParse());
    assertEquals(3, expected.deduplicated());
    assertEquals(6, expected.quarantinedRules());
    assertEquals(219 - 5 - 3 - 6, expected.trustedRows().size());
    assertTrue(expected.trustedRows().stream().allMatch(r -> r.obsValue() != null), "every gap is filled");
    // 6 countries x 3 indicators, plus the two lower-case codes' groups are gone: still 18 groups.
    assertEquals(18, expected.statsCountryIndicator().size());
    assertEquals(6, expected.statsCountryGlobal().size());
    long observations = expected.statsCountryIndicator().stream().mapToLong(CountryIndicatorStats::countObs).sum();
    assertEquals(expected.trustedRows().size(), observations);
  }
}
