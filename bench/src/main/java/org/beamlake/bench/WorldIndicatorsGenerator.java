package org.beamlake.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Writes the benchmark's input: {@code obs/part-NNNN.csv} (country, indicator, year, value, source,
 * note; about 30% of values empty, {@code source} always {@code WB}, {@code note} always empty) and
 * {@code countries.csv} (country, country_name, region).
 *
 * <p>Every value depends only on the seed and the row number, so the files are the same on every
 * machine; {@link #generate} returns the SHA-256 of all files in order, which {@code
 * checksums.properties} records for the standard sizes.
 */
public final class WorldIndicatorsGenerator {
  static final String[] REGIONS = {"Africa", "Americas", "Arab States", "East Asia", "Europe", "South Asia", "Pacific"};
  /** Rows per observation file: several files let every engine read in parallel. */
  static final long ROWS_PER_FILE = 500_000;

  private WorldIndicatorsGenerator() {}

  /** The three-letter code of country {@code index}: AAA, AAB, … */
  static String countryCode(int index) {
    return new String(new char[] {(char) ('A' + index / 676), (char) ('A' + index / 26 % 26), (char) ('A' + index % 26)});
  }

  static String indicatorCode(int index) {
    return String.format("IND%04d", index);
  }

  /** Writes the files into {@code dir} (created) and returns the SHA-256 of their bytes, in order. */
  public static String generate(DataShape shape, Path dir) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      Files.createDirectories(dir.resolve("obs"));
      try (Writer out = writer(dir.resolve("countries.csv"), sha)) {
        out.write("country,country_name,region\n");
        for (int c = 0; c < shape.countries(); c++) {
          out.write(countryCode(c) + ",Country " + countryCode(c) + "," + REGIONS[c % REGIONS.length] + "\n");
        }
      }
      long pairs = (long) shape.countries() * shape.indicators();
      StringBuilder line = new StringBuilder(64);
      for (long start = 0, part = 0; start < shape.rows(); start += ROWS_PER_FILE, part++) {
        try (Writer out = writer(dir.resolve("obs").resolve(String.format("part-%04d.csv", part)), sha)) {
          out.write("country,indicator,year,value,source,note\n");
          for (long i = start; i < Math.min(shape.rows(), start + ROWS_PER_FILE); i++) {
            int pair = (int) (i % pairs);
            int yearIndex = (int) (i / pairs);
            int country = pair / shape.indicators();
            int indicator = pair % shape.indicators();
            SplittableRandom random = new SplittableRandom(shape.seed() * 1_000_003L + i);
            line.setLength(0);
            line.append(countryCode(country)).append(',').append("IND");
            pad4(line, indicator);
            line.append(',').append(1960 + yearIndex).append(',');
            if (random.nextDouble() >= 0.3) {
              // A level per indicator, an offset per country, a trend per indicator over the years, noise.
              long cents = 100L * (indicator % 97) + 37L * (country % 41) + (indicator % 13 - 6) * 25L * yearIndex
                  + random.nextLong(1000);
              appendCents(line, cents);
            }
            line.append(",WB,\n");
            out.append(line);
          }
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Writer writer(Path file, MessageDigest sha) throws IOException {
    OutputStream digesting = new DigestOutputStream(Files.newOutputStream(file), sha);
    return new BufferedWriter(new OutputStreamWriter(digesting, StandardCharsets.UTF_8), 1 << 16);
  }

  private static void pad4(StringBuilder line, int n) {
    String digits = Integer.toString(n);
    line.append("0000", 0, Math.max(0, 4 - digits.length())).append(digits);
  }

  /** Exact decimal text of cents / 100: no double rounding in the input files. */
  static void appendCents(StringBuilder line, long cents) {
    if (cents < 0) {
      line.append('-');
      cents = -cents;
    }
    line.append(cents / 100).append('.');
    long fraction = cents % 100;
    line.append(fraction < 10 ? "0" : "").append(fraction);
  }
}
