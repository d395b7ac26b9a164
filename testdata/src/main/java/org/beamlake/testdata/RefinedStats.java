package org.beamlake.testdata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The refined tables of {@link WorldIndicatorsExpected}, summarised from the trusted rows. */
final class RefinedStats {
  private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
  private static final Comparator<List<String>> KEY_ORDER =
      (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
          int c = NULLS_FIRST.compare(a.get(i), b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return 0;
      };

  private RefinedStats() {}

  /** {@code stats_country_indicator}: per (DATABASE_ID, REF_AREA, INDICATOR), by REF_AREA, INDICATOR. */
  static List<CountryIndicatorStats> perCountryIndicator(List<TrustedIndicatorRow> rows) {
    Map<List<String>, List<Double>> groups = new TreeMap<>(KEY_ORDER);
    for (TrustedIndicatorRow row : rows) {
      if (row.obsValue() != null) {
        List<String> key = Arrays.asList(row.refArea(), row.indicator(), row.databaseId());
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row.obsValue());
      }
    }
    List<CountryIndicatorStats> stats = new ArrayList<>();
    groups.forEach(
        (key, values) -> {
          ValueSummary s = ValueSummary.of(values);
          stats.add(
              new CountryIndicatorStats(
                  key.get(2), key.get(0), key.get(1), s.avg(), s.median(), s.min(), s.max(), s.count()));
        });
    return List.copyOf(stats);
  }

  /** {@code stats_country_global}: per REF_AREA over all indicators, by REF_AREA. */
  static List<CountryGlobalStats> perCountry(List<TrustedIndicatorRow> rows) {
    Map<String, List<Double>> groups = new TreeMap<>(NULLS_FIRST);
    for (TrustedIndicatorRow row : rows) {
      if (row.obsValue() != null) {
        groups.computeIfAbsent(row.refArea(), k -> new ArrayList<>()).add(row.obsValue());
      }
    }
    List<CountryGlobalStats> stats = new ArrayList<>();
    groups.forEach(
        (refArea, values) -> {
          ValueSummary s = ValueSummary.of(values);
          stats.add(new CountryGlobalStats(refArea, s.avg(), s.median(), s.min(), s.max(), s.count()));
        });
    return List.copyOf(stats);
  }
}
