package org.beamlake.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the world-indicators demo pipeline must produce from a directory of Data360 pages, computed
 * in plain Java, independently of the pipeline, so an end-to-end test can compare the two.
 *
 * <p>The steps, in order:
 *
 * <ol>
 *   <li>Parse: a record whose {@code TIME_PERIOD} is not an integer, or whose {@code OBS_VALUE} is
 *       text that is not a finite number, is quarantined ({@link #quarantinedParse()}). Text is
 *       trimmed; empty text and JSON null are null, which parses.
 *   <li>Deduplicate on (REF_AREA, INDICATOR, TIME_PERIOD), null being a key value like any other:
 *       of exact duplicates one is kept and the others counted ({@link #deduplicated()}). Records
 *       sharing a key but differing are refused: which one the pipeline keeps is not defined.
 *   <li>Quality rules: REF_AREA, INDICATOR or TIME_PERIOD null, REF_AREA not {@code ^[A-Z]{3}$},
 *       or a non-null OBS_VALUE outside [0, 100] quarantine the row, once however many fail
 *       ({@link #quarantinedRules()}).
 *   <li>A null OBS_VALUE is filled with the mean of the non-null OBS_VALUEs of its (REF_AREA,
 *       INDICATOR) among the rows left; a group without any value stays null.
 *   <li>The rows left are the trusted {@code indicators} table ({@link #trustedRows()}).
 *   <li>The refined tables summarise the non-null OBS_VALUEs of the trusted rows per (DATABASE_ID,
 *       REF_AREA, INDICATOR) and per REF_AREA; a group without any value has no row.
 * </ol>
 *
 * <p>Means come from an exact sum divided once. {@code WorldIndicatorsExpected.compute(pagesDir)}
 * reads every {@code *.json} page of {@code pagesDir}, in file-name order.
 */
public final class WorldIndicatorsExpected {
  private static final Pattern COUNTRY_CODE = Pattern.compile("^[A-Z]{3}$");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final long recordsRead;
  private final long quarantinedParse;
  private final long quarantinedRules;
  private final long deduplicated;
  private final List<TrustedIndicatorRow> trustedRows;
  private final List<CountryIndicatorStats> statsCountryIndicator;
  private final List<CountryGlobalStats> statsCountryGlobal;

  private WorldIndicatorsExpected(
      long recordsRead, long quarantinedParse, long quarantinedRules, long deduplicated,
      List<TrustedIndicatorRow> trustedRows) {
    this.recordsRead = recordsRead;
    this.quarantinedParse = quarantinedParse;
    this.quarantinedRules = quarantinedRules;
    this.deduplicated = deduplicated;
    this.trustedRows = List.copyOf(trustedRows);
    this.statsCountryIndicator = RefinedStats.perCountryIndicator(trustedRows);
    this.statsCountryGlobal = RefinedStats.perCountry(trustedRows);
  }

  /**
   * Computes the expected results from the pages in {@code pagesDir}.
   *
   * @throws IllegalArgumentException if two records share a key but differ in content
   */
  public static WorldIndicatorsExpected compute(Path pagesDir) throws IOException {
    List<JsonNode> records = readRecords(pagesDir);
    long quarantinedParse = 0;
    long deduplicated = 0;
    Map<List<Object>, ParsedRecord> unique = new LinkedHashMap<>();
    for (JsonNode record : records) {
      ParsedRecord parsed = ParsedRecord.parse(record);
      if (parsed == null) {
        quarantinedParse++;
        continue;
      }
      TrustedIndicatorRow row = parsed.row();
      List<Object> key = Arrays.asList(row.refArea(), row.indicator(), row.timePeriod());
      ParsedRecord kept = unique.putIfAbsent(key, parsed);
      if (kept != null) {
        if (!kept.original().equals(record)) {
          throw new IllegalArgumentException(
              "records with the same REF_AREA, INDICATOR and TIME_PERIOD differ, so the expected"
                  + " result depends on which one the pipeline keeps: " + kept.original() + " and " + record);
        }
        deduplicated++;
      }
    }
    List<TrustedIndicatorRow> passed = new ArrayList<>();
    for (ParsedRecord parsed : unique.values()) {
      if (passesRules(parsed.row())) {
        passed.add(parsed.row());
      }
    }
    long quarantinedRules = unique.size() - passed.size();
    return new WorldIndicatorsExpected(
        records.size(), quarantinedParse, quarantinedRules, deduplicated, fillNulls(passed));
  }

  /** All records of all pages, bad ones and duplicates included. */
  public long recordsRead() {
    return recordsRead;
  }

  /** Records quarantined because TIME_PERIOD or OBS_VALUE does not parse. */
  public long quarantinedParse() {
    return quarantinedParse;
  }

  /** Rows quarantined by the quality rules, each counted once. */
  public long quarantinedRules() {
    return quarantinedRules;
  }

  /** Exact duplicates dropped. */
  public long deduplicated() {
    return deduplicated;
  }

  /** The trusted {@code indicators} rows, by INDICATOR, REF_AREA, TIME_PERIOD. */
  public List<TrustedIndicatorRow> trustedRows() {
    return trustedRows;
  }

  /** The refined {@code stats_country_indicator} rows, by REF_AREA, INDICATOR, DATABASE_ID. */
  public List<CountryIndicatorStats> statsCountryIndicator() {
    return statsCountryIndicator;
  }

  /** The refined {@code stats_country_global} rows, by REF_AREA. */
  public List<CountryGlobalStats> statsCountryGlobal() {
    return statsCountryGlobal;
  }

  private static List<JsonNode> readRecords(Path pagesDir) throws IOException {
    List<Path> pages;
    try (Stream<Path> files = Files.list(pagesDir)) {
      pages = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    List<JsonNode> records = new ArrayList<>();
    for (Path page : pages) {
      JsonNode values = MAPPER.readTree(page.toFile()).get("value");
      if (values == null || !values.isArray()) {
        throw new IllegalArgumentException(page.getFileName() + " has no \"value\" array");
      }
      values.forEach(records::add);
    }
    return records;
  }

  private static boolean passesRules(TrustedIndicatorRow row) {
    Double value = row.obsValue();
    return row.refArea() != null
        && row.indicator() != null
        && row.timePeriod() != null
        && COUNTRY_CODE.matcher(row.refArea()).matches()
        && (value == null || (value >= 0 && value <= 100));
  }

  private static List<TrustedIndicatorRow> fillNulls(List<TrustedIndicatorRow> rows) {
    Map<List<String>, List<Double>> valuesByGroup = new LinkedHashMap<>();
    for (TrustedIndicatorRow row : rows) {
      List<Double> values = valuesByGroup.computeIfAbsent(groupOf(row), k -> new ArrayList<>());
      if (row.obsValue() != null) {
        values.add(row.obsValue());
      }
    }
    List<TrustedIndicatorRow> filled = new ArrayList<>();
    for (TrustedIndicatorRow row : rows) {
      List<Double> values = valuesByGroup.get(groupOf(row));
      boolean fill = row.obsValue() == null && !values.isEmpty();
      filled.add(fill ? row.withObsValue(ValueSummary.mean(values)) : row);
    }
    filled.sort(
        Comparator.comparing(TrustedIndicatorRow::indicator)
            .thenComparing(TrustedIndicatorRow::refArea)
            .thenComparing(TrustedIndicatorRow::timePeriod));
    return filled;
  }

  private static List<String> groupOf(TrustedIndicatorRow row) {
    return List.of(row.refArea(), row.indicator());
  }
}
