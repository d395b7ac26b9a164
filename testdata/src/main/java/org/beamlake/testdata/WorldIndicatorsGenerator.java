package org.beamlake.testdata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the world-indicators demo data: three World Bank Data360 series for up to 200 countries,
 * as the pages the Data360 API returns, fully determined by a seed (same options, same bytes).
 *
 * <pre>{@code
 * WorldIndicatorsGenerator --out DIR [--countries N] [--from YEAR] [--to YEAR]
 *                          [--page-size N] [--seed N]
 * }</pre>
 *
 * <p>Defaults give the full demo: 200 countries, 1960 to 2023, 1000 records per page, seed 360. The
 * series are {@code WB_WDI_SP_DYN_LE00_IN} (life expectancy at birth, years, 1960–2023, 30–85),
 * {@code WB_ESG_EN_ATM_CO2E_PC} (CO2 per capita, tonnes, 1990–2020, 0.02–40) and {@code
 * WB_SE4ALL_EG_ELC_ACCS_ZS} (access to electricity, % of population, 2000–2022, 0–100); each
 * is written to {@code DIR/pages/<DATABASE_ID>__<INDICATOR>__skip<NNNNNN>.json}. Old pages in that
 * directory are deleted first.
 *
 * <p>About 2 % of {@code OBS_VALUE}s are null, as legitimate gaps, plus one forced null per series.
 * Every dataset, whatever its size, also holds exactly these deliberately bad records, each on its
 * own record drawn from the seed:
 *
 * <ul>
 *   <li>3 with {@code OBS_VALUE} {@code "n/a"}, one per series (unparseable);
 *   <li>2 with {@code TIME_PERIOD} {@code "19x5"}, life expectancy and CO2 (unparseable);
 *   <li>2 with {@code REF_AREA} null, life expectancy and electricity;
 *   <li>2 with {@code REF_AREA} in lower case (e.g. {@code "fra"}), life expectancy and CO2;
 *   <li>2 electricity values out of [0, 100]: one {@code "-3.5"}, one {@code "104.2"};
 *   <li>3 exact duplicates, one per series: the last clean record of a page repeated as the first
 *       record of the next page (appended to the same page when a series has only one).
 * </ul>
 *
 * <p>So the demo pipeline must quarantine 5 records at parsing and 6 at the quality rules, and drop
 * 3 duplicates. {@link WorldIndicatorsExpected} computes all its expected results.
 */
public final class WorldIndicatorsGenerator {

  private WorldIndicatorsGenerator() {}

  /** Parses the options, writes the pages and prints one line saying what was written where. */
  public static void main(String[] args) throws IOException {
    WorldIndicatorsOptions options;
    try {
      options = WorldIndicatorsOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: WorldIndicatorsGenerator --out DIR [--countries N] [--from YEAR] [--to YEAR]"
              + " [--page-size N] [--seed N]");
      System.exit(2);
      return;
    }
    System.out.println(generate(options).summary());
  }

  /**
   * Writes the pages for {@code options}, replacing any pages already in {@code <out>/pages}.
   * Memory holds the whole dataset at once: about 25,000 records for the full demo.
   *
   * @throws IllegalArgumentException if the countries and years give a series too few records to
   *     hold its deliberate defects
   */
  public static GeneratedPages generate(WorldIndicatorsOptions options) throws IOException {
    List<String> countries = Countries.ISO3_CODES.subList(0, options.countries());
    // Everything is built before the old pages go, so a refused option leaves them in place.
    Map<Indicator, List<ObjectNode>> seriesByIndicator = new EnumMap<>(Indicator.class);
    for (Indicator indicator : Indicator.values()) {
      List<ObjectNode> series =
          ObservationRecords.build(
              indicator, countries, options.fromYear(), options.toYear(), options.seed());
      requireRoomForDefects(indicator, series, options);
      DeliberateDefects.plant(
          indicator,
          series,
          options.pageSize(),
          Seeds.random(options.seed(), "defects", indicator.name()));
      seriesByIndicator.put(indicator, series);
    }
    Path pagesDir = options.outputDir().resolve("pages");
    PageWriter.clear(pagesDir);
    int records = 0;
    int pages = 0;
    for (Map.Entry<Indicator, List<ObjectNode>> series : seriesByIndicator.entrySet()) {
      records += series.getValue().size();
      pages += PageWriter.write(pagesDir, series.getKey(), series.getValue(), options.pageSize());
    }
    return new GeneratedPages(pagesDir, records, pages);
  }

  private static void requireRoomForDefects(
      Indicator indicator, List<ObjectNode> series, WorldIndicatorsOptions options) {
    long withValues =
        series.stream().filter(r -> !r.get(ObservationRecords.OBS_VALUE).isNull()).count();
    int needed = DeliberateDefects.minimumRecords(indicator);
    if (withValues < needed) {
      throw new IllegalArgumentException(
          indicator.indicatorId() + " covers " + indicator.firstYear() + "-" + indicator.lastYear()
              + " and gets only " + withValues + " non-null records from " + options.countries()
              + " countries and " + options.fromYear() + "-" + options.toYear()
              + "; its deliberate defects need " + needed + ": raise --countries or widen --from/--to");
    }
  }
}
