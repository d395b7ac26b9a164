package org.beamlake.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.beamlake.quarantine.RowResult;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Each {@code withX()} and {@code expand()} refuses bad settings with a message that says what is wrong. */
class ParseArgumentsTest {
  static final Schema COLUMNS = ParseCsvTest.COLUMNS;

  @TempDir Path dir;

  static void assertRefused(String message, Executable call) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
  }

  /** Applies the transform to a graph that is never run: only {@code expand()} is exercised. */
  void expand(PTransform<PCollection<ReadableFile>, RowResult> transform) {
    Pipeline p = Pipeline.create();
    ParseFiles.read(p, dir.resolve("none.csv")).apply(transform);
  }

  @Test
  void parseCsvRefusesBadArguments() {
    assertRefused("declaredColumns must not be null", () -> ParseCsv.of(null));
    ParseCsv csv = ParseCsv.of(COLUMNS);
    assertRefused("delimiter must not be a line break (\\n or \\r)", () -> csv.withDelimiter('\n'));
    assertRefused("quote must not be a line break (\\n or \\r)", () -> csv.withQuote('\r'));
    assertRefused("partBytes must be at least 1, got 0", () -> csv.withPartBytes(0));
    assertRefused("partBytes must be at least 1, got 0", () -> ParseJson.of(COLUMNS).withPartBytes(0));
    assertRefused("charset must not be null", () -> csv.withCharset(null));
    assertRefused("nullValues must not be null", () -> csv.withNullValues(null));
    assertRefused("nullValues must not contain null", () -> csv.withNullValues(new HashSet<>(Arrays.asList("", null))));
  }

  @Test
  void parseCsvExpandRefusesSameDelimiterAndQuote() {
    assertRefused("ParseCsv: delimiter and quote must differ, both are ';'",
        () -> expand(ParseCsv.of(COLUMNS).withQuote(';').withDelimiter(';')));
  }

  @Test
  void parseJsonRefusesBadArguments() {
    assertRefused("declaredColumns must not be null", () -> ParseJson.of(null));
    ParseJson json = ParseJson.of(COLUMNS);
    assertRefused("recordsAt must not be null", () -> json.withRecordsAt(null));
    assertRefused("recordsAt must be a JSON pointer starting with '/', got 'value'", () -> json.withRecordsAt("value"));
    assertRefused("charset must not be null", () -> json.withCharset(null));
    assertRefused("fieldPaths must not be null", () -> json.withFieldPaths(null));
    assertRefused("fieldPaths: UNIT is not a declared column, expected one of [REF_AREA, YEAR, OBS_VALUE]",
        () -> json.withFieldPaths(Map.of("UNIT", "/unit")));
    assertRefused("fieldPaths[YEAR] must be a JSON pointer starting with '/', got 'time/year'",
        () -> json.withFieldPaths(Map.of("YEAR", "time/year")));
    Map<String, String> nullPath = new HashMap<>();
    nullPath.put("YEAR", null);
    assertRefused("fieldPaths[YEAR] must not be null", () -> json.withFieldPaths(nullPath));
  }

  @Test
  void parseJsonExpandRefusesRecordsPointerForJsonLines() {
    assertRefused("ParseJson: withRecordsAt(\"/value\") does not apply to JSON lines",
        () -> expand(ParseJson.of(COLUMNS).withRecordsAt("/value").withJsonLines()));
  }

  @Test
  void expandRefusesSchemasThatCannotBeParsedInto() {
    assertRefused("ParseCsv: the schema declares no columns", () -> expand(ParseCsv.of(Schema.of())));
    assertRefused("ParseJson: the schema declares no columns", () -> expand(ParseJson.of(Schema.of())));
    Schema reserved = Schema.builder().addField("__bl_source", ColumnType.STRING.fieldType()).build();
    assertRefused("ParseCsv: column __bl_source uses the reserved prefix __bl_", () -> expand(ParseCsv.of(reserved)));
    assertRefused("ParseJson: column __bl_source uses the reserved prefix __bl_", () -> expand(ParseJson.of(reserved)));
    Schema required = Schema.builder().addField("YEAR", FieldType.INT32).build();
    assertRefused("ParseCsv: column YEAR has type INT32 NOT NULL; declare it with ColumnType.INT.fieldType(), "
        + "which is nullable", () -> expand(ParseCsv.of(required)));
    Schema bytes = Schema.builder().addNullableField("BLOB", FieldType.BYTES).build();
    assertRefused("ParseJson: column BLOB: unsupported field type BYTES", () -> expand(ParseJson.of(bytes)));
  }

  @Test
  void displayDataShowsTheSettings() {
    DisplayData csv = DisplayData.from(ParseCsv.of(COLUMNS).withDelimiter(';').withNullValues(Set.of("NA", "")));
    assertEquals(Map.of("columns", "REF_AREA, YEAR, OBS_VALUE", "delimiter", ";", "quote", "\"", "charset", "UTF-8",
        "header", true, "nullValues", "[, NA]", "partBytes", 16L << 20), values(csv));
    DisplayData json = DisplayData.from(ParseJson.of(COLUMNS).withRecordsAt("/value")
        .withFieldPaths(Map.of("YEAR", "/time/year")).withRejectUnknownFields(true));
    assertEquals(Map.of("columns", "REF_AREA, YEAR, OBS_VALUE", "layout", "JSON array at /value", "charset", "UTF-8",
        "fieldPaths", "{YEAR=/time/year}", "rejectUnknownFields", true), values(json));
  }

  static Map<String, Object> values(DisplayData data) {
    Map<String, Object> values = new HashMap<>();
    data.items().forEach(item -> values.put(item.getKey(), item.getValue()));
    return values;
  }
}
