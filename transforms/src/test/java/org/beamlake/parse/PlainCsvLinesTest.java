package org.beamlake.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.beamlake.parse.ParseCsvStreamingTest.Collected;
import org.junit.jupiter.api.Test;

/**
 * The CSV parser's plain lines ({@link PlainCsvLines}) against Commons CSV reading every line:
 * the same rows, rejects, lines and payloads, in the same order, for texts with and without
 * quotes, two dialects, every kind of line break, empty lines, and a failing read.
 */
class PlainCsvLinesTest {
  static final DeclaredColumns COLUMNS = ParseCsvStreamingTest.COLUMNS;

  /** Hands out the text a few characters at a time; fails once, where {@code failAt} is reached. */
  static Reader reader(String text, long seed, int failAt) {
    Random random = new Random(seed);
    return new Reader() {
      final StringReader in = new StringReader(text);
      int read;
      boolean failed;

      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        int n = Math.min(length, 1 + random.nextInt(37));
        if (!failed && failAt >= 0 && read + n > failAt) {
          n = failAt - read;
          if (n == 0) {
            failed = true;
            throw new CharacterCodingException() {
              @Override
              public String getMessage() {
                return "text is not valid at character " + failAt;
              }
            };
          }
        }
        int got = in.read(buffer, offset, n);
        read += Math.max(got, 0);
        return got;
      }

      @Override
      public void close() {}
    };
  }

  /** What the parser makes of {@code text}: through its plain lines, or by Commons CSV alone. */
  static Collected parse(boolean withCommonsCsv, String text, boolean header, char delimiter, char quote, long seed,
      int failAt) throws IOException {
    CsvFileParser parser = new CsvFileParser(COLUMNS, delimiter, quote, "UTF-8", header, Set.of(""));
    Reader reader = reader(text, seed, failAt);
    CsvLayout layout = header ? null : CsvLayout.byPosition(COLUMNS);
    Collected out = new Collected();
    if (withCommonsCsv) {
      parser.parseWithCommonsCsv(reader, "f", 10, layout, out);
    } else {
      parser.parse(reader, "f", 10, layout, out);
    }
    return out;
  }

  /** A random text: records good and bad, empty and blank lines, mixed breaks, a quote now and then. */
  static String text(Random random, boolean header, double quotes) {
    String[] breaks = {"\n", "\r\n", "\r"};
    StringBuilder text = new StringBuilder();
    if (header) {
      text.append(random.nextInt(8) == 0 ? "\"OBS_VALUE\",YEAR,REF_AREA" : "OBS_VALUE,YEAR,REF_AREA")
          .append(breaks[random.nextInt(3)]);
    }
    int records = random.nextInt(60);
    for (int i = 0; i < records; i++) {
      String lineBreak = breaks[random.nextInt(3)];
      switch (random.nextInt(12)) {
        case 0 -> text.append(lineBreak); // an empty line
        case 1 -> text.append("  ").append(lineBreak); // a blank one: one field
        case 2 -> text.append(i).append(".5,").append(2000 + i).append(",a,b").append(lineBreak);
        case 3 -> text.append("x").append(i).append(",").append(2000 + i).append(",").append(lineBreak);
        case 4 -> text.append(",,").append(lineBreak);
        default -> {
          String area = random.nextDouble() < quotes ? "\"a" + lineBreak + "\"\"b\"\", c\"" : "area " + i;
          text.append(i).append(".5,").append(2000 + i).append(",").append(area).append(lineBreak);
        }
      }
    }
    if (random.nextBoolean()) {
      text.append("7.5,1999,last"); // a last line without a break
    }
    return text.toString();
  }

  @Test
  void readsWhatCommonsCsvReadsFromEveryLine() throws IOException {
    Random random = new Random(20261125);
    int plainOnly = 0;
    for (int i = 0; i < 3000; i++) {
      boolean header = random.nextBoolean();
      double quotes = random.nextInt(3) == 0 ? 0 : 0.05;
      // A quarter of the texts in another dialect: ';' between fields, quoted with '.
      boolean semicolons = random.nextInt(4) == 0;
      char delimiter = semicolons ? ';' : ',';
      char quote = semicolons ? '\'' : '"';
      String text = text(random, header, quotes).replace(',', delimiter).replace('"', quote);
      int failAt = random.nextInt(4) == 0 && !text.isEmpty() ? random.nextInt(text.length() + 1) : -1;
      long seed = random.nextLong();
      Collected expected = parse(true, text, header, delimiter, quote, seed, failAt);
      Collected actual = parse(false, text, header, delimiter, quote, seed, failAt);
      String what = "text " + i + ": " + text.replace("\r", "\\r").replace("\n", "\\n") + " failing at " + failAt;
      assertEquals(expected.rows, actual.rows, what);
      assertEquals(expected.rejects, actual.rejects, what);
      if (text.indexOf(quote) < 0 && failAt < 0) {
        plainOnly++;
      }
    }
    assertTrue(plainOnly > 500, "texts read by the plain lines alone: " + plainOnly);
  }

  @Test
  void readsLinesUntilTheFirstQuoteThenHandsTheRestOver() throws IOException {
    PlainCsvLines lines = new PlainCsvLines(reader("a,b\r\n\r\nc,,d\rx,\"y\nz\"\n", 1, -1), ',', '"');

    List<List<String>> read = new ArrayList<>();
    List<Long> numbers = new ArrayList<>();
    while (lines.next()) {
      read.add(lines.fields());
      numbers.add(lines.line());
    }

    assertEquals(List.of(List.of("a", "b"), List.of("c", "", "d")), read);
    assertEquals(List.of(1L, 3L), numbers);
    assertTrue(lines.handedOver());
    assertEquals(3, lines.line());
    char[] rest = new char[64];
    StringBuilder all = new StringBuilder();
    Reader reader = lines.rest();
    for (int got = reader.read(rest); got >= 0; got = reader.read(rest)) {
      all.append(rest, 0, got);
    }
    assertEquals("x,\"y\nz\"\n", all.toString());
  }

  @Test
  void readsATextWithoutQuotesToItsEnd() throws IOException {
    PlainCsvLines lines = new PlainCsvLines(reader("a\n\nb,\r", 2, -1), ',', '"');

    assertTrue(lines.next());
    assertEquals(List.of("a"), lines.fields());
    assertTrue(lines.next());
    assertEquals(List.of("b", ""), lines.fields());
    assertEquals("b,", lines.text());
    assertEquals(3, lines.line());
    assertFalse(lines.next());
    assertFalse(lines.handedOver());
  }
}
