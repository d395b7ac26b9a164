package org.beamlake.testdata;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the Data360 records of one indicator, shaped as {@code GET /data360/data} returns them:
 * every value a string or null, the columns always in the same order.
 */
final class ObservationRecords {
  static final String OBS_VALUE = "OBS_VALUE";
  static final String REF_AREA = "REF_AREA";
  static final String TIME_PERIOD = "TIME_PERIOD";

  /** Share of observations published as null, like the gaps of the real series. */
  static final double NULL_SHARE = 0.02;

  private ObservationRecords() {}

  /**
   * The records of {@code indicator} for {@code countries} (in that order) and the years of
   * [{@code fromYear}, {@code toYear}] the series covers, sorted by country then year.
   */
  static List<ObjectNode> build(
      Indicator indicator, List<String> countries, int fromYear, int toYear, long seed) {
    int first = Math.max(fromYear, indicator.firstYear());
    int last = Math.min(toYear, indicator.lastYear());
    List<ObjectNode> records = new ArrayList<>();
    for (String country : countries) {
      double development =
          Countries.INCOME_GROUPS
              .get(country)
              .developmentAt(Seeds.random(seed, country, "development").nextDouble());
      SplittableRandom random = Seeds.random(seed, country, indicator.name());
      // The whole series is drawn, then cut to the years asked for: a year's value never depends
      // on the range generated.
      double[] values = indicator.series(country, development, random);
      for (int t = 0; t < values.length; t++) {
        boolean gap = random.nextDouble() < NULL_SHARE;
        int year = indicator.firstYear() + t;
        if (year >= first && year <= last) {
          String value = gap ? null : format(values[t], indicator.decimals());
          records.add(record(indicator, country, year, value, year == last));
        }
      }
    }
    return records;
  }

  /** The value as the API prints it: rounded, without trailing zeros ({@code "100"}, {@code "72.31"}). */
  static String format(double value, int decimals) {
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN);
    return rounded.stripTrailingZeros().toPlainString();
  }

  private static ObjectNode record(
      Indicator indicator, String country, int year, String value, boolean latest) {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put(OBS_VALUE, value);
    r.put("TIME_FORMAT", "P1Y");
    r.put("UNIT_MULT", "0");
    r.putNull("COMMENT_OBS");
    r.put("OBS_STATUS", "A");
    r.put("OBS_CONF", "PU");
    r.putNull("AGG_METHOD");
    r.put("DECIMALS", Integer.toString(indicator.decimals()));
    r.putNull("COMMENT_TS");
    r.put("DATA_SOURCE", indicator.dataSource());
    r.put("LATEST_DATA", latest);
    r.put("DATABASE_ID", indicator.databaseId());
    r.put("INDICATOR", indicator.indicatorId());
    r.put(REF_AREA, country);
    r.put("SEX", "_T");
    r.put("AGE", "_T");
    r.put("URBANISATION", "_T");
    r.put("COMP_BREAKDOWN_1", "_Z");
    r.put("COMP_BREAKDOWN_2", "_Z");
    r.put("COMP_BREAKDOWN_3", "_Z");
    r.put(TIME_PERIOD, Integer.toString(year));
    r.put("FREQ", "A");
    r.put("UNIT_MEASURE", indicator.unitMeasure());
    r.putNull("UNIT_TYPE");
    r.put("DB_VERSION", indicator.dbVersion());
    return r;
  }
}
