package org.beamlake.parse;

import static org.beamlake.parse.ParseFiles.read;
import static org.beamlake.parse.ParseFiles.write;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
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
class ParseCsvTest {
  static final Schema COLUMNS = Schema.builder()
      .addField("REF_AREA", ColumnType.STRING.fieldType())
      .addField("YEAR", ColumnType.INT.fieldType())
      .addField("OBS_VALUE", ColumnType.DOUBLE.fieldType())
      .build();
  static final Schema OUTPUT = Lineage.withLineage(COLUMNS);

  @TempDir Path dir;

  static Row row(String area, Integer year, Double value, String source) {
    return Row.withSchema(OUTPUT).addValues(area, year, value, source).build();
  }

  static QuarantinedRecord reject(String reason, String payload, String source) {
    return new QuarantinedRecord("parse", null, reason, payload, source);
  }

  @Test
  void matchesHeaderNamesInAnyOrderAndReadsEmptyFieldsAsNull(TestPipeline p) {
    Path file = write(dir, "wdi.csv", "OBS_VALUE,REF_AREA,YEAR\n72.5,FRA,2020\n,DEU,2021\n1e3,,2022\n");
    String f = file.toString();
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(
        row("FRA", 2020, 72.5, f + ":2"), row("DEU", 2021, null, f + ":3"), row(null, 2022, 1000.0, f + ":4"));
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void removesUtf8ByteOrderMark(TestPipeline p) {
    Path file = ParseFiles.writeWithBom(dir, "bom.csv", "REF_AREA,YEAR,OBS_VALUE\nFRA,2020,1.5\n");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("FRA", 2020, 1.5, file + ":2"));
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void readsLatin1(TestPipeline p) {
    Path file = write(dir, "latin1.csv", "REF_AREA,YEAR,OBS_VALUE\ncafé,2020,1\n", StandardCharsets.ISO_8859_1);
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS).withCharset(StandardCharsets.ISO_8859_1));
    PAssert.that(result.rows()).containsInAnyOrder(row("café", 2020, 1.0, file + ":2"));
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void rejectsTextThatIsNotValidInTheCharsetFromTheRecordThatHoldsIt(TestPipeline p) {
    Path file = write(dir, "latin1.csv", "REF_AREA,YEAR,OBS_VALUE\nFRA,2020,1\ncafé,2021,2\nDEU,2022,3\n",
        StandardCharsets.ISO_8859_1);
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("FRA", 2020, 1.0, file + ":2"));
    PAssert.that(result.rejects()).containsInAnyOrder(reject(
        "malformed CSV at line 3: text is not valid UTF-8 at byte 38", "caf\uFFFD,2021,2\nDEU,2022,3", file + ":3"));
    p.run();
  }

  @Test
  void readsGzipFiles(TestPipeline p) {
    Path file = ParseFiles.writeGzip(dir, "wdi.csv.gz", "YEAR,REF_AREA,OBS_VALUE\n2020,FRA,2.5\n");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("FRA", 2020, 2.5, file + ":2"));
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void keepsQuotedDelimitersQuotesAndLineBreaksAndCountsPhysicalLines(TestPipeline p) {
    Path file = write(dir, "quoted.csv", "REF_AREA,YEAR,OBS_VALUE\r\n"
        + "\"Korea, Rep.\",2020,1\r\n"
        + "\"say \"\"hi\"\"\r\nthere\",2021,2\r\n"
        + "\r\n"
        + "\"two\nlines\",20x1,3\r\n"
        + "FRA,2023,4");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(
        row("Korea, Rep.", 2020, 1.0, file + ":2"),
        row("say \"hi\"\r\nthere", 2021, 2.0, file + ":3"),
        row("FRA", 2023, 4.0, file + ":8"));
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("YEAR: expected int, got '20x1'", "\"two\nlines\",20x1,3", file + ":6"));
    p.run();
  }

  @Test
  void rejectsValuesThatDoNotConvertNamingEveryBadColumn(TestPipeline p) {
    Path file = write(dir, "types.csv", "REF_AREA,YEAR,OBS_VALUE\nFRA,19x5,n/a\nDEU,2020,n/a\nITA,2021,3\n");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("ITA", 2021, 3.0, file + ":4"));
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("YEAR: expected int, got '19x5'; OBS_VALUE: expected double, got 'n/a'", "FRA,19x5,n/a", file + ":2"),
        reject("OBS_VALUE: expected double, got 'n/a'", "DEU,2020,n/a", file + ":3"));
    p.run();
  }

  @Test
  void rejectsEveryRecordWhenTheHeaderLacksDeclaredColumns(TestPipeline p) {
    Path file = write(dir, "missing.csv", "REF_AREA,VALUE\nFRA,1\nDEU,2\n");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).empty();
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("header lacks column(s) [YEAR, OBS_VALUE]", "FRA,1", file + ":2"),
        reject("header lacks column(s) [YEAR, OBS_VALUE]", "DEU,2", file + ":3"));
    p.run();
  }

  @Test
  void rejectsEveryRecordWhenTheHeaderRepeatsADeclaredColumn(TestPipeline p) {
    Path file = write(dir, "repeated.csv", "REF_AREA,YEAR,OBS_VALUE,YEAR\nFRA,2020,1,2021\n");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).empty();
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("header repeats column(s) [YEAR]", "FRA,2020,1,2021", file + ":2"));
    p.run();
  }

  @Test
  void rejectsRecordsWithMoreFieldsThanTheHeader(TestPipeline p) {
    Path file = write(dir, "extra.csv", "REF_AREA,YEAR,OBS_VALUE\nFRA,2020,1,oops\nDEU,2021,2\n");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("DEU", 2021, 2.0, file + ":3"));
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("expected 3 fields, got 4", "FRA,2020,1,oops", file + ":2"));
    p.run();
  }

  @Test
  void rejectsRecordsWithFewerFieldsThanTheHeader(TestPipeline p) {
    Path file = write(dir, "fewer.csv", "REF_AREA,YEAR,OBS_VALUE,UNIT\nFRA,2020\nDEU,2021,2,%\n");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("DEU", 2021, 2.0, file + ":3"));
    PAssert.that(result.rejects()).containsInAnyOrder(reject("expected 4 fields, got 2", "FRA,2020", file + ":2"));
    p.run();
  }

  @Test
  void ignoresHeaderColumnsThatAreNotDeclared(TestPipeline p) {
    Path file = write(dir, "undeclared.csv", "UNIT,REF_AREA,NOTE,YEAR,OBS_VALUE\n%,FRA,x,2020,1\n");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("FRA", 2020, 1.0, file + ":2"));
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void turnsMalformedTailIntoOneRejectAndKeepsTheRecordsBefore(TestPipeline p) {
    Path file = write(dir, "malformed.csv", "REF_AREA,YEAR,OBS_VALUE\nFRA,2020,1\n\n\"DEU,2021,2\nITA,2022,3\n");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).containsInAnyOrder(row("FRA", 2020, 1.0, file + ":2"));
    PAssert.that(result.rejects()).containsInAnyOrder(reject(
        "malformed CSV at line 4: (startline 4) EOF reached before encapsulated token finished",
        "\"DEU,2021,2\nITA,2022,3", file + ":4"));
    p.run();
  }

  @Test
  void readsNothingFromAnEmptyFile(TestPipeline p) {
    Path file = write(dir, "empty.csv", "");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).empty();
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void readsNothingFromAHeaderOnlyFile(TestPipeline p) {
    Path file = write(dir, "header.csv", "REF_AREA,YEAR,OBS_VALUE\n");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS));
    PAssert.that(result.rows()).empty();
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void readsByPositionWithOtherDelimiterQuoteAndNullValues(TestPipeline p) {
    Path file = write(dir, "plain.txt", "'FRA;x';2020;NA\nNA;2021;2,5\n'';;1\n");
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS)
        .withHeader(false).withDelimiter(';').withQuote('\'').withNullValues(Set.of("NA")));
    PAssert.that(result.rows()).containsInAnyOrder(
        row("FRA;x", 2020, null, file + ":1"), row("", null, 1.0, file + ":3"));
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("OBS_VALUE: expected double, got '2,5'", "NA;2021;2,5", file + ":2"));
    p.run();
  }
}
