package org.beamlake.testdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded daily weather in the Open-Meteo archive format ({@code GET /v1/archive?latitude=..
 * &longitude=..&start_date=..&end_date=..}: {@code {"latitude": .., "daily": {"time": [...],
 * "temperature_2m_max": [...], "temperature_2m_min": [...], "precipitation_sum": [...]}}}), the same
 * for the same place and day on every call: a seasonal curve by latitude, noise, rain on some
 * days, and about one value in two hundred missing (null), as real stations have.
 */
public final class WeatherArchive {
  /** The daily variables served, in order. */
  public static final List<String> VARIABLES = List.of("temperature_2m_max", "temperature_2m_min", "precipitation_sum");

  private static final ObjectMapper JSON = new ObjectMapper();

  private WeatherArchive() {}

  /** One day at one place: the three variables, each null when missing. */
  public record Day(LocalDate date, Double max, Double min, Double precipitation) {}

  /** The day's values at {@code latitude}/{@code longitude} (as the query gave them). */
  public static Day day(String latitude, String longitude, LocalDate date) {
    SplittableRandom random = new SplittableRandom(seed(latitude, longitude, date));
    double lat = Double.parseDouble(latitude);
    double season = Math.cos(2 * Math.PI * (date.getDayOfYear() - 200) / 365.25);
    double mean = 28 - 0.35 * Math.abs(lat) + 8 * season * Math.signum(lat == 0 ? 1 : lat);
    double max = round1(mean + 4 + random.nextDouble(-3, 3));
    double min = round1(mean - 4 + random.nextDouble(-3, 3));
    double rain = random.nextDouble() < 0.35 ? round1(random.nextDouble(0.1, 18)) : 0.0;
    return new Day(date, missing(random) ? null : max, missing(random) ? null : min, missing(random) ? null : rain);
  }

  private static boolean missing(SplittableRandom random) {
    return random.nextInt(200) == 0;
  }

  private static long seed(String latitude, String longitude, LocalDate date) {
    return 20_261_122L * 31 + (latitude + "," + longitude).hashCode() * 1_000_003L + date.toEpochDay();
  }

  private static double round1(double v) {
    return BigDecimal.valueOf(v).setScale(1, java.math.RoundingMode.HALF_EVEN).doubleValue();
  }

  /** The response body for a place and a date range (inclusive), as Open-Meteo shapes it. */
  public static String response(String latitude, String longitude, LocalDate start, LocalDate end) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("latitude", JsonNodeFactory.instance.numberNode(new BigDecimal(latitude)));
    body.set("longitude", JsonNodeFactory.instance.numberNode(new BigDecimal(longitude)));
    body.put("generationtime_ms", 0.25);
    body.put("utc_offset_seconds", 0);
    body.put("timezone", "GMT");
    body.put("timezone_abbreviation", "GMT");
    ObjectNode units = body.putObject("daily_units");
    units.put("time", "iso8601");
    units.put("temperature_2m_max", "°C");
    units.put("temperature_2m_min", "°C");
    units.put("precipitation_sum", "mm");
    ObjectNode daily = body.putObject("daily");
    ArrayNode time = daily.putArray("time");
    ArrayNode max = daily.putArray("temperature_2m_max");
    ArrayNode min = daily.putArray("temperature_2m_min");
    ArrayNode rain = daily.putArray("precipitation_sum");
    for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
      Day day = day(latitude, longitude, d);
      time.add(d.toString());
      max.add(day.max() == null ? null : BigDecimal.valueOf(day.max()));
      min.add(day.min() == null ? null : BigDecimal.valueOf(day.min()));
      rain.add(day.precipitation() == null ? null : BigDecimal.valueOf(day.precipitation()));
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
