package org.beamlake.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.beamlake.parse.FileRange.Cut;
import org.beamlake.parse.ParseCsvStreamingTest.Collected;
import org.junit.jupiter.api.Test;

/** Cutting CSV files into parts that start at records, and parsing them part by part. */
class CsvSplitsTest {
  private static final DeclaredColumns COLUMNS = ParseCsvStreamingTest.COLUMNS;

  private static List<Cut> cuts(String text, long target) throws IOException {
    return CsvSplits.find(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8,
        ',', '"', target);
  }

  @Test
  void cutsAfterTheLineBreakThatEndsARecordOnceTheTargetIsReached() throws IOException {
    // Records start at bytes 4, 8, 12 and 16 (after each \n), on lines 2 to 5.
    assertEquals(List.of(new Cut(8, 3), new Cut(16, 5)), cuts("a,b\n1,2\n3,4\n5,6\n7,8\n", 8));
    assertEquals(List.of(new Cut(4, 2), new Cut(8, 3), new Cut(12, 4), new Cut(16, 5)),
        cuts("a,b\n1,2\n3,4\n5,6\n7,8\n", 1));
    // Never at the very end of the file: there is nothing after it to parse.
    assertEquals(List.of(new Cut(8, 3)), cuts("a,b\n1,2\n3,4\n", 8));
    assertEquals(List.of(), cuts("a,b\n1,2\n", 1_000));
  }

  @Test
  void neverCutsInsideAQuotedFieldAndCountsItsLineBreaks() throws IOException {
    // "x\ny" spans lines 2 and 3; the record after it starts on line 4, at byte 12.
    assertEquals(List.of(new Cut(4, 2), new Cut(12, 4)), cuts("a,b\n\"x\ny\",1\n2,3\n", 1));
    // A doubled quote inside a quoted field does not close it.
    assertEquals(List.of(new Cut(4, 2), new Cut(14, 4)), cuts("a,b\n\"x\"\"\ny\",1\n2,3\n", 1));
  }

  @Test
  void countsCarriageReturnLineFeedOnceAndCutsOnlyAfterLineFeeds() throws IOException {
    assertEquals(List.of(new Cut(5, 2), new Cut(10, 3)), cuts("a,b\r\n1,2\r\n3,4\r\n", 1));
    // \r alone ends a record and a line, but is no place to cut.
    assertEquals(List.of(new Cut(12, 4)), cuts("a,b\r1,2\r3,4\n5,6\n", 1));
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsText() throws IOException {
    assertEquals(List.of(new Cut(4, 2), new Cut(10, 3)), cuts("a,b\n1,x\"y\n2,3\n", 1));
  }

  @Test
  void stopsCuttingWhereTheParserWouldFail() throws IOException {
    // A character after a closing quote: Commons CSV fails there, so the rest stays one part.
    assertEquals(List.of(new Cut(4, 2)), cuts("a,b\n\"x\"y,1\n2,3\n4,5\n", 1));
    // Spaces after a closing quote are allowed.
    assertEquals(List.of(new Cut(4, 2), new Cut(12, 3), new Cut(16, 4)), cuts("a,b\n\"x\"  ,1\n2,3\n4,5\n", 1));
    // An unterminated quote runs to the end of the file.
    assertEquals(List.of(new Cut(4, 2)), cuts("a,b\n\"x,1\n2,3\n4,5\n", 1));
  }

  @Test
  void skipsAUtf8ByteOrderMarkBeforeAQuotedHeader() throws IOException {
    byte[] text = ("\uFEFF\"a\nb\",c\n1,2\n3,4\n").getBytes(StandardCharsets.UTF_8);
    // Without skipping the mark the quote would be read as text and the header's \n as a record's end.
    assertEquals(List.of(new Cut(11, 3), new Cut(15, 4)),
        CsvSplits.find(new ByteArrayInputStream(text), StandardCharsets.UTF_8, ',', '"', 1));
  }

  @Test
  void cutsOnlyCharsetsWhoseAsciiBytesAreAlwaysAscii() {
    assertTrue(CsvSplits.canCut(StandardCharsets.UTF_8, ',', '"'));
    assertTrue(CsvSplits.canCut(StandardCharsets.ISO_8859_1, ';', '\''));
    assertTrue(CsvSplits.canCut(Charset.forName("windows-1252"), '\t', '"'));
    assertFalse(CsvSplits.canCut(StandardCharsets.UTF_16, ',', '"'));
    assertFalse(CsvSplits.canCut(StandardCharsets.UTF_8, '§', '"'));
    if (Charset.isSupported("IBM037")) {
      assertFalse(CsvSplits.canCut(Charset.forName("IBM037"), ',', '"'));
    }
  }

  /** The parser's output for the whole text, in order. */
  private static Collected whole(String text) throws IOException {
    Collected out = new Collected();
    new CsvFileParser(COLUMNS, ',', '"', "UTF-8", true, Set.of("")).parse(reader(text.getBytes(StandardCharsets.UTF_8),
        0, Integer.MAX_VALUE, 1), "f", 0, null, out);
    return out;
  }

  /** The parser's output part by part, the parts cut at {@code target} bytes, in order. */
  private static Collected inParts(String text, long target) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<Cut> cuts = new ArrayList<>(CsvSplits.find(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, ',', '"',
        target));
    CsvFileParser parser = new CsvFileParser(COLUMNS, ',', '"', "UTF-8", true, Set.of(""));
    Collected out = new Collected();
    List<String> header = Arrays.asList(text.substring(0, text.indexOf('\n')).trim().replace("\"", "").split(","));
    long start = 0;
    long line = 1;
    cuts.add(new Cut(bytes.length, -1));
    for (Cut cut : cuts) {
      CsvLayout layout = start == 0 ? null : CsvLayout.fromHeader(header, COLUMNS);
      parser.parse(reader(bytes, start, cut.position(), line), "f", line - 1, layout, out);
      start = cut.position();
      line = cut.line();
    }
    return out;
  }

  private static Reader reader(byte[] bytes, long start, long end, long line) {
    int to = (int) Math.min(end, bytes.length);
    return new StrictDecoder(new ByteArrayInputStream(bytes, (int) start, to - (int) start), StandardCharsets.UTF_8,
        start, line);
  }

  @Test
  void partsGiveTheSameRowsAndRejectsAsTheWholeFileWhereverTheyAreCut() throws IOException {
    String[] files = {
        "\"REF_AREA\",YEAR,OBS_VALUE\r\nFRA,2020,1.5\r\n\"DE\r\nU\",2021,2\n\nITA,19x5,3\n\"ES\"\"P\",2022,4\n"
            + "\"GBR\" ,2023,5\nPOL,2024\nNLD,2025,6\rBEL,2026,7\nLUX,2028,9\n",
        "REF_AREA,YEAR,OBS_VALUE\nFRA,2020,1\n\"AUT\"x,2021,2\nDEU,2022,3\n",
        "REF_AREA,YEAR,OBS_VALUE\nFRA,2020,1\n\"AUT,2021,2\nDEU,2022,3\n",
        "OBS_VALUE,REF_AREA,YEAR\n1,FRA,2020\n2,DEU,2021\n,,\n3,ITA,x\n",
    };
    for (String file : files) {
      Collected expected = whole(file);
      assertFalse(expected.rows.isEmpty(), file);
      for (long target = 1; target <= file.length() + 1; target++) {
        Collected parts = inParts(file, target);
        assertEquals(expected.rows, parts.rows, "rows, cut every " + target + " bytes: " + file);
        assertEquals(expected.rejects, parts.rejects, "rejects, cut every " + target + " bytes: " + file);
      }
    }
  }
}
