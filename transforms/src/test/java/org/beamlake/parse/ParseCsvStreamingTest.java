package org.beamlake.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** The CSV parser without a pipeline: big inputs, odd read sizes, every kind of line break. */
class ParseCsvStreamingTest {
  static final DeclaredColumns COLUMNS = DeclaredColumns.of("test", ParseCsvTest.COLUMNS);

  /** Collects what a parser sends, in order. */
  static final class Collected implements ParseOutput {
    final List<String> rows = new ArrayList<>();
    final List<String> rejects = new ArrayList<>();

    @Override
    public void row(Row row) {
      rows.add(row.getValues().toString());
    }

    @Override
    public void reject(String reason, String payload, String source) {
      rejects.add(source + " | " + reason + " | " + payload);
    }
  }

  /** Hands out the text a few characters at a time, as a slow or compressed stream would. */
  static Reader dribbling(String text, long seed) {
    Random random = new Random(seed);
    return new Reader() {
      final StringReader in = new StringReader(text);

      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        return in.read(buffer, offset, Math.min(length, 1 + random.nextInt(97)));
      }

      @Override
      public void close() {}
    };
  }

  static Collected parse(String text, long seed) throws IOException {
    Collected out = new Collected();
    new CsvFileParser(COLUMNS, ',', '"', "UTF-8", true, Set.of("")).parse(dribbling(text, seed), "f", out);
    return out;
  }

  @Test
  void keepsLineNumbersAndPayloadsOverManyRecordsAndLineBreakKinds() throws IOException {
    String[] breaks = {"\n", "\r\n", "\r"};
    StringBuilder text = new StringBuilder("OBS_VALUE,YEAR,REF_AREA\n");
    List<String> rows = new ArrayList<>();
    List<String> rejects = new ArrayList<>();
    long line = 2;
    for (int i = 0; i < 20_000; i++) {
      String lineBreak = breaks[i % 3];
      if (i % 11 == 0) {
        // An empty line, ended like the line before it (a "\r" then "\n" would be one break).
        text.append(i == 0 ? "\n" : breaks[(i - 1) % 3]);
        line++;
      }
      String area = i % 7 == 0 ? "A" + lineBreak + "B, \"q\" " + i : "area " + i;
      String quoted = i % 7 == 0 ? "\"A" + lineBreak + "B, \"\"q\"\" " + i + "\"" : area;
      String year = i % 1000 == 999 ? "y" + i : Integer.toString(i);
      String record = i + ".5," + year + "," + quoted;
      text.append(record).append(lineBreak);
      if (i % 1000 == 999) {
        rejects.add("f:" + line + " | YEAR: expected int, got 'y" + i + "' | " + record);
      } else {
        rows.add("[" + area + ", " + i + ", " + i + ".5, f:" + line + "]");
      }
      line += i % 7 == 0 ? 2 : 1;
    }
    Collected out = parse(text.toString(), 42);
    assertEquals(rows, out.rows);
    assertEquals(rejects, out.rejects);
  }

  @Test
  void capsTheMalformedTailAt64KiB() throws IOException {
    StringBuilder tail = new StringBuilder("\"unterminated");
    while (tail.length() < 100_000) {
      tail.append("\nmore text, and more");
    }
    Collected out = parse("REF_AREA,YEAR,OBS_VALUE\nFRA,2020,1\n" + tail, 7);
    assertEquals(List.of("[FRA, 2020, 1.0, f:2]"), out.rows);
    assertEquals(1, out.rejects.size());
    String prefix = "f:3 | malformed CSV at line 3: (startline 3) EOF reached before encapsulated token finished | ";
    assertEquals(prefix + tail.substring(0, TextFiles.MAX_PAYLOAD_CHARS), out.rejects.get(0));
  }

  @Test
  void holdsOnlyTheRecordsNotYetForgotten() throws IOException {
    String record = "0123456789,abcdefghij,klmnopqrst\n";
    LineRecorder recorder = new LineRecorder(new StringReader(record.repeat(100_000)));
    char[] buffer = new char[4096];
    long line = 1;
    int maxHeld = 0;
    for (int n = recorder.read(buffer, 0, buffer.length); n >= 0; n = recorder.read(buffer, 0, buffer.length)) {
      for (; line < recorder.lastLine(); line++) {
        assertEquals(record.strip(), recorder.lines(line, line));
        recorder.forgetBefore(line + 1);
      }
      maxHeld = Math.max(maxHeld, recorder.heldChars());
    }
    assertEquals(100_001, recorder.lastLine());
    assertTrue(maxHeld < 3 * 8192 + buffer.length, "held " + maxHeld + " characters");
  }
}
