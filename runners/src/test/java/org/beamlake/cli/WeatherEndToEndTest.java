package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.values.Row;
import org.beamlake.capture.Secrets;
import org.beamlake.lake.TableReader;
import org.beamlake.testdata.FixtureApiServer;
import org.beamlake.testdata.WeatherArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weather demo over HTTP from the Open-Meteo stand-in: column arrays zipped into days, joined to
 * the cities, and a monthly climate equal to what plain Java computes from the same days.
 */
class WeatherEndToEndTest {
  static final Path PROJECT = DemoProject.DIR.resolveSibling("weather");
  static final Map<String, List<String>> CITIES = Map.of("Paris", List.of("48.85", "2.35"),
      "London", List.of("51.51", "-0.13"), "Madrid", List.of("40.42", "-3.7"), "Berlin", List.of("52.52", "13.41"));

  @TempDir Path tmp;

  /**
   * city|month → mean of max, count of max, min of min, max of max, rain, days; nulls skipped as
   * SQL does. The mean is the exact sum's quotient to 40 digits, then rounded to a double.
   */
  static Map<String, double[]> oracle() {
    Map<String, double[]> months = new TreeMap<>();
    Map<String, BigDecimal> sumsOfMax = new TreeMap<>();
    CITIES.forEach((city, place) -> {
      for (LocalDate d = LocalDate.of(2023, 1, 1); d.getYear() == 2023; d = d.plusDays(1)) {
        WeatherArchive.Day day = WeatherArchive.day(place.get(0), place.get(1), d);
        String key = city + "|" + d.toString().substring(0, 7);
        double[] m = months.computeIfAbsent(key, k -> new double[] {0, 0, Double.MAX_VALUE, -Double.MAX_VALUE, 0, 0});
        if (day.max() != null) {
          sumsOfMax.merge(key, new BigDecimal(day.max()), BigDecimal::add);
          m[1]++;
          m[3] = Math.max(m[3], day.max());
        }
        if (day.min() != null) {
          m[2] = Math.min(m[2], day.min());
        }
        if (day.precipitation() != null) {
          m[4] += day.precipitation();
        }
        m[5]++;
      }
    });
    months.forEach((key, m) -> m[0] = sumsOfMax.get(key)
        .divide(BigDecimal.valueOf((long) m[1]), new MathContext(40, RoundingMode.HALF_EVEN)).doubleValue());
    return months;
  }

  @Test
  void monthlyClimateEqualsThePlainJavaAnswerFromTheSameDays() throws Exception {
    Path lake = tmp.resolve("lake");
    try (FixtureApiServer api = FixtureApiServer.start(tmp)) {
      System.setProperty(Secrets.PROPERTY_PREFIX + "WEATHER_URL", api.url());
      api.failNext(1, new FixtureApiServer.Fault(503, null));
      CliTest.Result r = cli("run", PROJECT.toString(), "--runner", "direct", "--lake", lake.toString(), "--run-id", "w1");
      assertEquals(0, r.code(), r.err());
      assertEquals(4 + 1, api.requests().size()); // one per city, one retried
    } finally {
      System.clearProperty(Secrets.PROPERTY_PREFIX + "WEATHER_URL");
    }
    assertEquals(1460, TableReader.readAll(lake.resolve("trusted/daily") + "/").rows().size());
    Map<String, double[]> expected = oracle();
    List<Row> rows = TableReader.readAll(lake.resolve("refined/monthly_climate") + "/").rows();
    assertEquals(48, rows.size());
    List<String> seen = new ArrayList<>();
    for (Row row : rows) {
      String key = row.getString("city") + "|" + row.getString("month");
      seen.add(key);
      double[] m = expected.get(key);
      assertEquals(m[0], row.getDouble("avg_max_c"), 0.0, key);
      assertEquals(m[2], row.getDouble("min_c"), 0.0, key);
      assertEquals(m[3], row.getDouble("max_c"), 0.0, key);
      assertEquals(m[4], row.getDouble("precipitation_mm"), 1e-9, key);
      assertEquals((long) m[5], row.getInt64("days"), key);
    }
    assertEquals(List.copyOf(expected.keySet()), seen.stream().sorted().toList());
  }
}
