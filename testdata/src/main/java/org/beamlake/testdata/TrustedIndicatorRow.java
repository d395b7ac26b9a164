package org.beamlake.testdata;

/**
 * One row of the trusted {@code indicators} table as {@link WorldIndicatorsExpected} expects it:
 * typed, deduplicated, checked, with a null {@code OBS_VALUE} filled by its group's mean.
 *
 * @param refArea {@code REF_AREA}, an upper-case ISO3 code
 * @param indicator {@code INDICATOR}
 * @param databaseId {@code DATABASE_ID}
 * @param timePeriod {@code TIME_PERIOD} as a year
 * @param obsValue {@code OBS_VALUE}; null only when its (country, indicator) group has no value
 * @param unitMeasure {@code UNIT_MEASURE}
 */
public record TrustedIndicatorRow(
    String refArea,
    String indicator,
    String databaseId,
    Integer timePeriod,
    Double obsValue,
    String unitMeasure) {

  /** This row with another {@code OBS_VALUE}. */
  TrustedIndicatorRow withObsValue(Double value) {
    return new TrustedIndicatorRow(refArea, indicator, databaseId, timePeriod, value, unitMeasure);
  }
}
