package org.beamlake.parse;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.beamlake.parse.InferColumns.Inferred;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link InferColumns}: the narrowest type every value fits, with notes on near misses. */
class InferColumnsTest {
  @TempDir Path dir;

  private String write(String name, String text, Charset charset) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, text.getBytes(charset));
    return file.toString();
  }

  private static Map<String, ColumnType> columns(Object... nameThenType) {
    Map<String, ColumnType> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenType.length; i += 2) {
      m.put((String) nameThenType[i], (ColumnType) nameThenType[i + 1]);
    }
    return m;
  }

  private static Inferred csv(String pattern) {
    return InferColumns.csv(List.of(pattern), ',', '"', UTF_8, Set.of("NA"), 1000);
  }

  @Test
  void csvColumnsTakeTheNarrowestTypeEveryValueFits() throws IOException {
    String file = write("a.csv", String.join("\n",
        "id,big,flag,score,day,at,name,code",
        "1,3000000000,true,1.5,2024-01-02,2024-01-02T10:00:00Z,Ann,007",
        "2,4,false,2,2024-02-29,2024-03-01T00:00:00Z,Bob,x1",
        "3,5,yes,-0.25,2023-12-31,2024-03-01T00:00:01Z,\"Lee, Jo\",12",
        ""), UTF_8);
    Inferred inferred = csv(file);
    assertEquals(columns("id", ColumnType.INT, "big", ColumnType.LONG, "flag", ColumnType.BOOLEAN,
        "score", ColumnType.DOUBLE, "day", ColumnType.DATE, "at", ColumnType.TIMESTAMP,
        "name", ColumnType.STRING, "code", ColumnType.STRING), inferred.columns());
    assertEquals(3, inferred.records());
    assertEquals(Map.of(), inferred.notes());
  }

  @Test
  void blanksAndNullMarkersDoNotDecideTheType() throws IOException {
    String file = write("a.csv", "n,m,empty\n1,,NA\n,2.5,\nNA,  ,\n", UTF_8);
    Inferred inferred = csv(file);
    assertEquals(columns("n", ColumnType.INT, "m", ColumnType.DOUBLE, "empty", ColumnType.STRING), inferred.columns());
    assertEquals(Map.of("empty", "no values seen"), inferred.notes());
  }

  @Test
  void oneOddValueMakesAStringWithANoteSayingHowCloseItCame() throws IOException {
    StringBuilder text = new StringBuilder("v\n");
    for (int i = 0; i < 19; i++) {
      text.append(i).append(".5\n");
    }
    text.append("n/a\n");
    Inferred inferred = csv(write("a.csv", text.toString(), UTF_8));
    assertEquals(columns("v", ColumnType.STRING), inferred.columns());
    assertEquals(Map.of("v", "19 of 20 values are numbers; not 'n/a'"), inferred.notes());
  }

  @Test
  void mostlyTextGetsNoNote() throws IOException {
    Inferred inferred = csv(write("a.csv", "v\n1\nx\ny\n", UTF_8));
    assertEquals(columns("v", ColumnType.STRING), inferred.columns());
    assertEquals(Map.of(), inferred.notes());
  }

  @Test
  void csvWithBomLatin1AndOtherDelimiter() throws IOException {
    String bom = write("bom.csv", "\uFEFFcity;pop\nK\u00f6ln;1084831\n", UTF_8);
    Inferred withBom = InferColumns.csv(List.of(bom), ';', '"', UTF_8, Set.of(), 1000);
    assertEquals(columns("city", ColumnType.STRING, "pop", ColumnType.INT), withBom.columns());

    String latin = write("latin.csv", "ville,pr\u00e9nom\nS\u00e8te,Ren\u00e9\n", ISO_8859_1);
    Inferred latin1 = InferColumns.csv(List.of(latin), ',', '"', ISO_8859_1, Set.of(), 1000);
    assertEquals(columns("ville", ColumnType.STRING, "pr\u00e9nom", ColumnType.STRING), latin1.columns());
  }

  @Test
  void shortRowsAndManyFilesInNameOrderUpToTheLimit() throws IOException {
    write("2.csv", "a,b\n3,x\n4,y\n", UTF_8);
    write("1.csv", "a,b\n1\n2,2\n", UTF_8);
    Inferred all = csv(dir.resolve("*.csv").toString());
    assertEquals(columns("a", ColumnType.INT, "b", ColumnType.STRING), all.columns());
    assertEquals(4, all.records());

    Inferred firstFile = InferColumns.csv(List.of(dir.resolve("*.csv").toString()), ',', '"', UTF_8, Set.of(), 2);
    assertEquals(columns("a", ColumnType.INT, "b", ColumnType.INT), firstFile.columns());
    assertEquals(2, firstFile.records());
  }

  @Test
  void noFilesOrOnlyAHeaderGiveNoRecords() throws IOException {
    Inferred none = csv(dir.resolve("missing-*.csv").toString());
    assertEquals(Map.of(), none.columns());
    assertEquals(0, none.records());

    Inferred headerOnly = csv(write("h.csv", "a,b\n", UTF_8));
    assertEquals(0, headerOnly.records());
  }

  @Test
  void jsonRecordsInsideAnEnvelopeJudgedByTheirText() throws IOException {
    String page = write("page.json", """
        {"count": 3, "value": [
          {"REF_AREA": "FRA", "TIME_PERIOD": 2001, "OBS_VALUE": "72.5", "LATEST": true, "EXTRA": {"a": 1}},
          {"REF_AREA": "DEU", "TIME_PERIOD": "2002", "OBS_VALUE": null, "LATEST": false},
          {"REF_AREA": "ITA", "TIME_PERIOD": 2003, "OBS_VALUE": 70, "LATEST": false, "NEW": "x"},
          "not an object"
        ]}""", UTF_8);
    Inferred inferred = InferColumns.json(List.of(page), "/value", false, UTF_8, 1000);
    assertEquals(columns("REF_AREA", ColumnType.STRING, "TIME_PERIOD", ColumnType.INT, "OBS_VALUE", ColumnType.DOUBLE,
        "LATEST", ColumnType.BOOLEAN, "EXTRA", ColumnType.STRING, "NEW", ColumnType.STRING), inferred.columns());
    assertEquals(3, inferred.records());
  }

  @Test
  void jsonArrayAtTheTopAndAMissingPathGiveRecordsOrNone() throws IOException {
    String array = write("a.json", "[{\"x\": 1}, {\"x\": 2.5}]", UTF_8);
    assertEquals(columns("x", ColumnType.DOUBLE), InferColumns.json(List.of(array), null, false, UTF_8, 10).columns());
    assertEquals(0, InferColumns.json(List.of(array), "/value", false, UTF_8, 10).records());
  }

  @Test
  void jsonLinesGzippedWithBlankLines() throws IOException {
    Path file = dir.resolve("events.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("{\"id\": 1, \"at\": \"2024-05-01T12:00:00Z\"}\n\n{\"id\": 9000000000, \"at\": null}\n".getBytes(UTF_8));
    }
    Inferred inferred = InferColumns.json(List.of(file.toString()), null, true, UTF_8, 10);
    assertEquals(columns("id", ColumnType.LONG, "at", ColumnType.TIMESTAMP), inferred.columns());
    assertEquals(2, inferred.records());
  }

  @Test
  void malformedJsonNamesTheFile() throws IOException {
    String bad = write("bad.json", "[{\"x\": 1},", UTF_8);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> InferColumns.json(List.of(bad), null, false, UTF_8, 10));
    assertEquals("could not read " + bad + " to infer its columns", e.getMessage());
  }
}
