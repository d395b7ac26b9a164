package org.beamlake.testdata;

/**
 * One row of the refined {@code stats_country_global} table: the non-null {@code OBS_VALUE}s of one
 * REF_AREA over all indicators in the trusted rows, summarised.
 *
 * @param refArea {@code REF_AREA}
 * @param avgVal {@code avg_val}, the mean
 * @param medianVal {@code median_val}; with an even count, the mean of the two middle values
 * @param minVal {@code min_val}
 * @param maxVal {@code max_val}
 * @param countObs {@code count_obs}, how many values, at least 1
 */
public record CountryGlobalStats(
    String refArea, double avgVal, double medianVal, double minVal, double maxVal, long countObs) {}
