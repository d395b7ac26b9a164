package org.beamlake.parse;

import static org.beamlake.parse.ParseFiles.read;
import static org.beamlake.parse.ParseFiles.write;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class ParseJsonTest {
  static final Schema COLUMNS = ParseCsvTest.COLUMNS;

  @TempDir Path dir;

  static Row row(String area, Integer year, Double value, String source) {
    return ParseCsvTest.row(area, year, value, source);
  }

  static QuarantinedRecord reject(String reason, String payload, String source) {
    return new QuarantinedRecord("parse", null, reason, payload, source);
  }

  @Test
  void readsAnArrayOfObjectsIgnoringUndeclaredFields(TestPipeline p) {
    Path file = write(dir, "wdi.json", "[{\"REF_AREA\": \"FRA\", \"YEAR\": 2020, \"OBS_VALUE\": 72.5, \"UNIT\": \"%\"},\n"
        + " {\"OBS_VALUE\": 1e3, \"YEAR\": 2021.0, \"REF_AREA\": 12}]");
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(
        row("FRA", 2020, 72.5, file + "#0"), row("12", 2021, 1000.0, file + "#1"));
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void readsJsonLinesSkippingBlankLines(TestPipeline p) {
    Path file = write(dir, "wdi.jsonl", "{\"REF_AREA\": \"FRA\", \"YEAR\": 2020}\r\n\n  \n{\"REF_AREA\": \"DEU\", \"OBS_VALUE\": 2}\n");
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS).withJsonLines());
    PAssert.that(result.rows()).containsInAnyOrder(
        row("FRA", 2020, null, file + ":1"), row("DEU", null, 2.0, file + ":4"));
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void readsRecordsInAnEnvelopeWithStringsAsNumbersAndNulls(TestPipeline p) {
    Path file = write(dir, "data360.json", "{\"count\": 3, \"value\": [\n"
        + "  {\"REF_AREA\": \"FRA\", \"YEAR\": \"2020\", \"OBS_VALUE\": \"72.5\"},\n"
        + "  {\"REF_AREA\": null, \"YEAR\": 2021, \"OBS_VALUE\": 72.5},\n"
        + "  {\"YEAR\": \"\", \"OBS_VALUE\": null}\n"
        + "], \"next\": {\"page\": [2]}}");
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS).withRecordsAt("/value"));
    PAssert.that(result.rows()).containsInAnyOrder(
        row("FRA", 2020, 72.5, file + "#0"), row(null, 2021, 72.5, file + "#1"), row(null, null, null, file + "#2"));
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void readsNestedFieldsAndObjectsIntoStringColumns(TestPipeline p) {
    Schema columns = Schema.builder()
        .addField("REF_AREA", ColumnType.STRING.fieldType())
        .addField("OBS_VALUE", ColumnType.DOUBLE.fieldType())
        .addField("META", ColumnType.STRING.fieldType())
        .build();
    Schema output = Lineage.withLineage(columns);
    Path file = write(dir, "nested.json", "[{\"area\": {\"id\": \"FRA\"}, \"obs\": [{\"value\": \"72.5\"}], \"META\": {\"a\": [1, 2.50]}},"
        + " {\"area\": {}, \"obs\": [{\"value\": {\"x\": 1}}], \"META\": [true]}]");
    RowResult result = read(p, file).apply(ParseJson.of(columns)
        .withFieldPaths(Map.of("REF_AREA", "/area/id", "OBS_VALUE", "/obs/0/value")));
    PAssert.that(result.rows()).containsInAnyOrder(
        Row.withSchema(output).addValues("FRA", 72.5, "{\"a\":[1,2.50]}", file + "#0").build());
    PAssert.that(result.rejects()).containsInAnyOrder(reject("OBS_VALUE: expected double, got object",
        "{\"area\":{},\"obs\":[{\"value\":{\"x\":1}}],\"META\":[true]}", file + "#1"));
    p.run();
  }

  @Test
  void rejectsValuesThatDoNotConvertNamingEveryBadColumn(TestPipeline p) {
    Path file = write(dir, "types.json", "[{\"REF_AREA\": \"FRA\", \"YEAR\": \"19x5\", \"OBS_VALUE\": \"n/a\"},"
        + " {\"REF_AREA\": \"DEU\", \"YEAR\": 2020.5}, {\"YEAR\": true}, {\"REF_AREA\": \"ITA\", \"YEAR\": 2021}]");
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("ITA", 2021, null, file + "#3"));
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("YEAR: expected int, got '19x5'; OBS_VALUE: expected double, got 'n/a'",
            "{\"REF_AREA\":\"FRA\",\"YEAR\":\"19x5\",\"OBS_VALUE\":\"n/a\"}", file + "#0"),
        reject("YEAR: expected int, got 2020.5", "{\"REF_AREA\":\"DEU\",\"YEAR\":2020.5}", file + "#1"),
        reject("YEAR: expected int, got Boolean true", "{\"YEAR\":true}", file + "#2"));
    p.run();
  }

  @Test
  void rejectsRecordsThatAreNotObjects(TestPipeline p) {
    Path file = write(dir, "kinds.json", "[{\"REF_AREA\": \"FRA\"}, 3, \"x\", null, [1]]");
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("FRA", null, null, file + "#0"));
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("expected a JSON object, got number", "3", file + "#1"),
        reject("expected a JSON object, got string", "\"x\"", file + "#2"),
        reject("expected a JSON object, got null", "null", file + "#3"),
        reject("expected a JSON object, got array", "[1]", file + "#4"));
    p.run();
  }

  @Test
  void turnsAMalformedFileIntoOneRejectAndKeepsTheRecordsBefore(TestPipeline p) {
    String text = "[{\"REF_AREA\": \"FRA\"},\n {\"REF_AREA\": \"DEU\",,},\n {\"REF_AREA\": \"ITA\"}]";
    Path file = write(dir, "malformed.json", text);
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("FRA", null, null, file + "#0"));
    PAssert.that(result.rejects()).containsInAnyOrder(reject("malformed JSON at line 2, column 21: "
        + "Unexpected character (',' (code 44)): was expecting double-quote to start field name", text, file.toString()));
    p.run();
  }

  @Test
  void turnsATruncatedEnvelopeIntoOneReject(TestPipeline p) {
    String text = "{\"value\": [{\"REF_AREA\": \"FRA\"}],\n \"count\": 1";
    Path file = write(dir, "truncated.json", text);
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS).withRecordsAt("/value"));
    PAssert.that(result.rows()).containsInAnyOrder(row("FRA", null, null, file + "#0"));
    PAssert.that(result.rejects()).containsInAnyOrder(reject("malformed JSON at line 2, column 12: Unexpected "
        + "end-of-input: expected close marker for Object (start marker at line 1, column 1)", text, file.toString()));
    p.run();
  }

  @Test
  void rejectsMalformedLinesAndKeepsTheOthers(TestPipeline p) {
    Path file = write(dir, "lines.jsonl", "{\"REF_AREA\": \"FRA\"}\n{\"REF_AREA\": \n{\"REF_AREA\": \"ITA\"} x\n7\n{\"YEAR\": 1}");
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS).withJsonLines());
    PAssert.that(result.rows()).containsInAnyOrder(
        row("FRA", null, null, file + ":1"), row(null, 1, null, file + ":5"));
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("malformed JSON at line 2: Unexpected end-of-input within/between Object entries",
            "{\"REF_AREA\": ", file + ":2"),
        reject("malformed JSON at line 3: Unrecognized token 'x': was expecting (JSON String, Number, Array, Object "
            + "or token 'null', 'true' or 'false')", "{\"REF_AREA\": \"ITA\"} x", file + ":3"),
        reject("expected a JSON object, got number", "7", file + ":4"));
    p.run();
  }

  @Test
  void rejectsAFileWithoutAnArrayAtThePointer(TestPipeline p) {
    write(dir, "a.json", "{\"count\": 0, \"values\": []}");
    write(dir, "b.json", "{\"count\": 1, \"value\": {\"REF_AREA\": \"FRA\"}}");
    String dirName = dir.toString();
    RowResult result = p.apply(FileIO.match().filepattern(dirName + "/*.json")).apply(FileIO.readMatches())
        .apply(ParseJson.of(COLUMNS).withRecordsAt("/value"));
    PAssert.that(result.rows()).empty();
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("no array at /value", "{\"count\": 0, \"values\": []}", dir.resolve("a.json").toString()),
        reject("no array at /value", "{\"count\": 1, \"value\": {\"REF_AREA\": \"FRA\"}}", dir.resolve("b.json").toString()));
    p.run();
  }

  @Test
  void rejectsAFileThatIsNotAnArray(TestPipeline p) {
    Path file = write(dir, "object.json", "{\"REF_AREA\": \"FRA\"}");
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS));
    PAssert.that(result.rows()).empty();
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("no array at the top level", "{\"REF_AREA\": \"FRA\"}", file.toString()));
    p.run();
  }

  @Test
  void rejectsUnknownFieldsWhenAsked(TestPipeline p) {
    Path file = write(dir, "unknown.json", "[{\"REF_AREA\": \"FRA\", \"obs\": {\"v\": 1}, \"unit\": \"%\", \"note\": null},"
        + " {\"REF_AREA\": \"DEU\", \"YEAR\": \"y\", \"x\": 1}, {\"REF_AREA\": \"ITA\", \"obs\": {\"v\": 2}}]");
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS)
        .withRejectUnknownFields(true).withFieldPaths(Map.of("OBS_VALUE", "/obs/v")));
    PAssert.that(result.rows()).containsInAnyOrder(row("ITA", null, 2.0, file + "#2"));
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("unknown field(s) [unit, note]", "{\"REF_AREA\":\"FRA\",\"obs\":{\"v\":1},\"unit\":\"%\",\"note\":null}",
            file + "#0"),
        reject("unknown field(s) [x]; YEAR: expected int, got 'y'", "{\"REF_AREA\":\"DEU\",\"YEAR\":\"y\",\"x\":1}",
            file + "#1"));
    p.run();
  }

  @Test
  void removesUtf8ByteOrderMark(TestPipeline p) {
    Path file = ParseFiles.writeWithBom(dir, "bom.json", "[{\"REF_AREA\": \"FRA\"}]");
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("FRA", null, null, file + "#0"));
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void readsLatin1(TestPipeline p) {
    Path file = write(dir, "latin1.jsonl", "{\"REF_AREA\": \"café\"}\n", StandardCharsets.ISO_8859_1);
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS).withJsonLines().withCharset(StandardCharsets.ISO_8859_1));
    PAssert.that(result.rows()).containsInAnyOrder(row("café", null, null, file + ":1"));
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void rejectsTheRestOfAFileThatIsNotValidInTheCharset(TestPipeline p) {
    String text = "[{\"REF_AREA\": \"FRA\"},\n {\"REF_AREA\": \"café\"}]";
    Path file = write(dir, "latin1.json", text, StandardCharsets.ISO_8859_1);
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("FRA", null, null, file + "#0"));
    PAssert.that(result.rejects()).containsInAnyOrder(reject(
        "malformed JSON at line 2: text is not valid UTF-8 at byte 40", text.replace('é', '\uFFFD'),
        file.toString()));
    p.run();
  }

  @Test
  void readsGzipFiles(TestPipeline p) {
    Path file = ParseFiles.writeGzip(dir, "wdi.json.gz", "[{\"REF_AREA\": \"FRA\", \"YEAR\": 2020}]");
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("FRA", 2020, null, file + "#0"));
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void readsNothingFromAnEmptyFile(TestPipeline p) {
    Path file = write(dir, "empty.json", " \n");
    RowResult result = read(p, file).apply(ParseJson.of(COLUMNS));
    PAssert.that(result.rows()).empty();
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void zipsColumnArraysIntoRecordsWithTheDocumentsScalarFields(TestPipeline p) {
    // Open-Meteo style: one document per series, values in parallel arrays.
    Path file = write(dir, "paris.json", "{\"latitude\": 48.85, \"REF_AREA\": \"FRA\", \"daily_units\": {\"t\": \"C\"},"
        + " \"daily\": {\"YEAR\": [2020, 2021, 2022], \"OBS_VALUE\": [1.5, null, \"2.5\"]}}");
    Path uneven = write(dir, "uneven.json", "{\"daily\": {\"YEAR\": [2020, 2021], \"OBS_VALUE\": [1.5]}}");
    Path notAnObject = write(dir, "array.json", "[1, 2]");
    RowResult result = read(p, dir.resolve("*.json")).apply(ParseJson.of(COLUMNS).withColumnArraysAt("/daily"));
    PAssert.that(result.rows()).containsInAnyOrder(
        row("FRA", 2020, 1.5, file + "#0"), row("FRA", 2021, null, file + "#1"), row("FRA", 2022, 2.5, file + "#2"));
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("column arrays at '/daily' differ in length: YEAR has 2 values, OBS_VALUE has 1",
            "{\"daily\": {\"YEAR\": [2020, 2021], \"OBS_VALUE\": [1.5]}}", uneven.toString()),
        reject("expected a JSON object with column arrays at /daily", "[1, 2]", notAnObject.toString()));
    p.run();
  }
}
