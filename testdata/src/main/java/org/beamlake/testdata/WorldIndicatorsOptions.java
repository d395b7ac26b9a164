package org.beamlake.testdata;

import java.nio.file.Path;

/**
 * What {@link WorldIndicatorsGenerator} writes: where, how many countries and years, the page size
 * and the seed. Every value is checked when the options are made.
 *
 * <p>{@code WorldIndicatorsOptions.defaults(out)} is the full demo; the committed sample is {@code
 * defaults(out).withCountries(6).withYears(2000, 2011).withPageSize(40)}.
 *
 * @param outputDir the directory whose {@code pages/} subdirectory receives the pages
 * @param countries how many countries, the first ones of the embedded list of 200
 * @param fromYear the first year, at least {@value #FIRST_YEAR}
 * @param toYear the last year, at most {@value #LAST_YEAR}
 * @param pageSize the most records one page holds, as the API's 1000
 * @param seed the seed every value and defect position is drawn from
 */
public record WorldIndicatorsOptions(
    Path outputDir, int countries, int fromYear, int toYear, int pageSize, long seed) {

  /** The first year any series of the demo covers. */
  public static final int FIRST_YEAR = 1960;

  /** The last year any series of the demo covers. */
  public static final int LAST_YEAR = 2023;

  /** The page size of the Data360 API. */
  public static final int DEFAULT_PAGE_SIZE = 1000;

  /** The seed of the demo data. */
  public static final long DEFAULT_SEED = 360;

  /** Checks every value; the messages name the command-line option. */
  public WorldIndicatorsOptions {
    if (outputDir == null) {
      throw new IllegalArgumentException("--out is required");
    }
    int available = Countries.ISO3_CODES.size();
    if (countries < 1 || countries > available) {
      throw new IllegalArgumentException(
          "--countries must be between 1 and " + available + ", got " + countries);
    }
    if (fromYear < FIRST_YEAR || toYear > LAST_YEAR || fromYear > toYear) {
      throw new IllegalArgumentException(
          "--from and --to must satisfy " + FIRST_YEAR + " <= from <= to <= " + LAST_YEAR
              + ", got " + fromYear + " and " + toYear);
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("--page-size must be > 0, got " + pageSize);
    }
  }

  /** The full demo: all 200 countries, 1960 to 2023, pages of 1000, the demo seed. */
  public static WorldIndicatorsOptions defaults(Path outputDir) {
    return new WorldIndicatorsOptions(
        outputDir, Countries.ISO3_CODES.size(), FIRST_YEAR, LAST_YEAR, DEFAULT_PAGE_SIZE, DEFAULT_SEED);
  }

  /** These options with the first {@code count} countries. */
  public WorldIndicatorsOptions withCountries(int count) {
    return new WorldIndicatorsOptions(outputDir, count, fromYear, toYear, pageSize, seed);
  }

  /** These options with the years from {@code from} to {@code to}, both included. */
  public WorldIndicatorsOptions withYears(int from, int to) {
    return new WorldIndicatorsOptions(outputDir, countries, from, to, pageSize, seed);
  }

  /** These options with pages of at most {@code size} records. */
  public WorldIndicatorsOptions withPageSize(int size) {
    return new WorldIndicatorsOptions(outputDir, countries, fromYear, toYear, size, seed);
  }

  /** These options with another seed. */
  public WorldIndicatorsOptions withSeed(long newSeed) {
    return new WorldIndicatorsOptions(outputDir, countries, fromYear, toYear, pageSize, newSeed);
  }

  /**
   * Parses {@code --out DIR [--countries N] [--from YEAR] [--to YEAR] [--page-size N] [--seed N]};
   * an unknown option, a missing value or a value that is not a number is an {@link
   * IllegalArgumentException} naming it.
   */
  public static WorldIndicatorsOptions parse(String... args) {
    Path out = null;
    WorldIndicatorsOptions defaults = defaults(Path.of("."));
    int countries = defaults.countries();
    int from = defaults.fromYear();
    int to = defaults.toYear();
    int pageSize = defaults.pageSize();
    long seed = defaults.seed();
    for (int i = 0; i < args.length; i += 2) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      String value = args[i + 1];
      switch (option) {
        case "--out" -> out = Path.of(value);
        case "--countries" -> countries = (int) number(option, value);
        case "--from" -> from = (int) number(option, value);
        case "--to" -> to = (int) number(option, value);
        case "--page-size" -> pageSize = (int) number(option, value);
        case "--seed" -> seed = number(option, value);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    return new WorldIndicatorsOptions(out, countries, from, to, pageSize, seed);
  }

  private static long number(String option, String value) {
    try {
      long parsed = Long.parseLong(value.trim());
      if (!option.equals("--seed") && (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE)) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " expects a whole number, got '" + value + "'");
    }
  }
}
