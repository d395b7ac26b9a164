package org.beamlake.bench;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The size and geometry of a generated data set: {@code rows} observations spread over every
 * (country, indicator) pair, year after year, so that every pair has at least two years when rows
 * are at least twice the pairs (the slope needs two).
 *
 * @param rows observations to generate
 * @param countries countries (also the rows of the country table)
 * @param indicators indicators per country
 * @param seed the seed of every value and null
 */
public record DataShape(long rows, int countries, int indicators, long seed) {
  /** The world-indicators geometry: 250 countries, 1,500 indicators. */
  public static DataShape worldIndicators(long rows) {
    return new DataShape(rows, 250, 1500, 20260101L);
  }

  public DataShape {
    checkArgument(countries > 0 && countries <= 26 * 26 * 26, "countries must be in 1..17576, got %s", countries);
    checkArgument(indicators > 0, "indicators must be > 0, got %s", indicators);
    checkArgument(rows >= 2L * countries * indicators, "rows must be at least 2 x countries x indicators (%s), got %s",
        2L * countries * indicators, rows);
  }

  /** A short name for file and directory names: 1M, 4M, 20k, or the plain number. */
  public String label() {
    return label(rows);
  }

  /** {@code rows} as {@link #label()} writes them. */
  public static String label(long rows) {
    if (rows % 1_000_000 == 0) {
      return rows / 1_000_000 + "M";
    }
    return rows % 1000 == 0 ? rows / 1000 + "k" : Long.toString(rows);
  }

  /** Parses 1M, 4M, 20k or a plain number of rows. */
  public static long parseRows(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = t.endsWith("m") ? 1_000_000 : t.endsWith("k") ? 1000 : 1;
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    try {
      return Long.parseLong(digits) * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a row count such as 1M, 4M or 20k, got '" + text + "'", e);
    }
  }
}
