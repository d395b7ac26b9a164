package org.beamlake.parse;

import org.checkerframework.checker.nullness.qual.Nullable;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.beamlake.quarantine.Lineage;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;
import org.beamlake.schema.ColumnType;

/**
 * Parses JSON files into rows of the declared columns, typed with {@link ColumnType}.
 *
 * <pre>{@code
 * // World Bank Data360: {"count": 843, "value": [{"REF_AREA": "FRA", "OBS_VALUE": "72.5"}, ...]}
 * RowResult parsed = p
 *     .apply(FileIO.match().filepattern("raw/data360/*.json"))
 *     .apply(FileIO.readMatches())
 *     .apply(ParseJson.of(columns)
 *         .withRecordsAt("/value")
 *         .withFieldPaths(Map.of("UNIT", "/attributes/UNIT_MEASURE")));
 * }</pre>
 *
 * <p>A file is a JSON array of objects (the default), an array at a JSON pointer inside an envelope
 * ({@link #withRecordsAt}), or one object per line ({@link #withJsonLines}). It is streamed one
 * record at a time. A JSON-lines file larger than {@link ParseCsv#PART_BYTES} ({@link
 * #withPartBytes}) is cut into parts that start at lines, spread over the workers and parsed one
 * part per element, with the file's line numbers. A column is the top-level field of its name unless {@link #withFieldPaths} says
 * otherwise. JSON strings are parsed as text and numbers and booleans converted, so {@code "72.5"}
 * and {@code 72.5} give the same double; null or a missing field is null; an object or array fits
 * only a string column, as compact JSON. Rows have the schema {@link Lineage#withLineage} of the
 * declared columns and the source {@code <file>#<index>} (0-based, in the array) or {@code
 * <file>:<line>} for JSON lines.
 *
 * <p>Nothing is dropped: a record with problems becomes a {@link QuarantinedRecord} with step {@code
 * parse}, the record as compact JSON (the raw line for JSON lines) as payload and the same source.
 * Reasons list every problem, joined by {@code "; "}: {@code unknown field(s) [a, b]} (only with
 * {@code withRejectUnknownFields(true)}), then {@code YEAR: expected int, got '19x5'} per column in
 * schema order; or {@code expected a JSON object, got number}; or, for a bad line, {@code malformed
 * JSON at line N: ...}. A file that is not valid JSON, or without an array at the pointer, gives the
 * records read before the problem and ONE reject with the file as source, its first 64 KiB as
 * payload and a reason such as {@code malformed JSON at line 3, column 7: ...} or {@code no array at
 * /value}. An empty file gives nothing. *
 * <p>The result's {@link RowResult#counts} say how many rows and rejects it gave ({@link
 * org.beamlake.quarantine.StepCounts#ROWS}, {@link org.beamlake.quarantine.StepCounts#REJECTS}).
 */
public final class ParseJson extends PTransform<PCollection<ReadableFile>, RowResult> {
  private static final long serialVersionUID = 1L;

  private final Schema declaredColumns;
  private final boolean jsonLines;
  private final String recordsAt;
  private final String charset;
  private final Map<String, String> fieldPaths;
  private final boolean rejectUnknownFields;
  private final @Nullable String columnArraysAt;
  private final long partBytes;

  private ParseJson(Schema declaredColumns, boolean jsonLines, String recordsAt, String charset,
      Map<String, String> fieldPaths, boolean rejectUnknownFields, @Nullable String columnArraysAt, long partBytes) {
    this.partBytes = partBytes;
    this.columnArraysAt = columnArraysAt;
    this.declaredColumns = declaredColumns;
    this.jsonLines = jsonLines;
    this.recordsAt = recordsAt;
    this.charset = charset;
    this.fieldPaths = fieldPaths;
    this.rejectUnknownFields = rejectUnknownFields;
  }

  /**
   * Parses files that are a JSON array of objects, UTF-8, into the declared columns (nullable {@link
   * ColumnType#fieldType()}s), each the top-level field of its name; undeclared fields are ignored.
   */
  public static ParseJson of(Schema declaredColumns) {
    checkArgument(declaredColumns != null, "declaredColumns must not be null");
    return new ParseJson(declaredColumns, false, "", StandardCharsets.UTF_8.name(), Map.of(), false, null,
        ParseCsv.PART_BYTES);
  }

  /** Reads one JSON object per line (blank lines skipped) instead of an array. */
  public ParseJson withJsonLines() {
    return new ParseJson(declaredColumns, true, recordsAt, charset, fieldPaths, rejectUnknownFields, columnArraysAt,
        partBytes);
  }

  /** Reads the records from the array at this JSON pointer, e.g. {@code /value}; {@code ""} is the file itself. */
  public ParseJson withRecordsAt(String pointer) {
    checkPointer("recordsAt", pointer, true);
    return new ParseJson(declaredColumns, jsonLines, pointer, charset, fieldPaths, rejectUnknownFields, columnArraysAt,
        partBytes);
  }

  /** The encoding of the files, e.g. {@link StandardCharsets#ISO_8859_1}. */
  public ParseJson withCharset(Charset charset) {
    checkArgument(charset != null, "charset must not be null");
    return new ParseJson(declaredColumns, jsonLines, recordsAt, charset.name(), fieldPaths, rejectUnknownFields,
        columnArraysAt, partBytes);
  }

  /**
   * Where to find columns inside each record, as JSON pointers, e.g. {@code Map.of("UNIT",
   * "/attributes/UNIT_MEASURE")}; columns not in the map are the top-level field of their name.
   */
  public ParseJson withFieldPaths(Map<String, String> fieldPaths) {
    checkArgument(fieldPaths != null, "fieldPaths must not be null");
    fieldPaths.forEach((column, pointer) -> {
      checkArgument(column != null && declaredColumns.hasField(column),
          "fieldPaths: %s is not a declared column, expected one of %s", column, declaredColumns.getFieldNames());
      checkPointer("fieldPaths[" + column + "]", pointer, false);
    });
    return new ParseJson(
        declaredColumns, jsonLines, recordsAt, charset, Map.copyOf(fieldPaths), rejectUnknownFields, columnArraysAt,
        partBytes);
  }

  /** Whether a record with fields that no column reads is rejected (default false: they are ignored). */
  /**
   * Each file is one object whose member at {@code pointer} holds equal-length column arrays
   * (Open-Meteo: {@code {"daily": {"time": [...], "temperature_2m_max": [...]}}}): index {@code i}
   * of every array is one record, with the document's top-level scalar fields (e.g. {@code
   * latitude}) added. Arrays of different lengths reject the file with the reason.
   */
  public ParseJson withColumnArraysAt(String pointer) {
    checkPointer("columnArraysAt", pointer, false);
    return new ParseJson(declaredColumns, jsonLines, recordsAt, charset, fieldPaths, rejectUnknownFields, pointer,
        partBytes);
  }

  /**
   * JSON-lines files larger than this many bytes are parsed in parts of about this size, each
   * starting at a line (default {@link ParseCsv#PART_BYTES}); at least 1. Other JSON files are
   * parsed whole.
   */
  public ParseJson withPartBytes(long partBytes) {
    checkArgument(partBytes >= 1, "partBytes must be at least 1, got %s", partBytes);
    return new ParseJson(declaredColumns, jsonLines, recordsAt, charset, fieldPaths, rejectUnknownFields,
        columnArraysAt, partBytes);
  }

  public ParseJson withRejectUnknownFields(boolean rejectUnknownFields) {
    return new ParseJson(declaredColumns, jsonLines, recordsAt, charset, fieldPaths, rejectUnknownFields,
        columnArraysAt, partBytes);
  }

  @Override
  public RowResult expand(PCollection<ReadableFile> files) {
    DeclaredColumns columns = DeclaredColumns.of("ParseJson", declaredColumns);
    checkArgument(!jsonLines || recordsAt.isEmpty(),
        "ParseJson: withRecordsAt(\"%s\") does not apply to JSON lines", recordsAt);
    checkArgument(columnArraysAt == null || !jsonLines && recordsAt.isEmpty(),
        "ParseJson: withColumnArraysAt(\"%s\") does not combine with JSON lines or withRecordsAt", columnArraysAt);
    JsonFileParser parser = new JsonFileParser(
        new JsonColumns(columns, fieldPaths, rejectUnknownFields), jsonLines, recordsAt, charset, columnArraysAt);
    return ParseRangeFn.inParts(files, parser, partBytes, columns.outputSchema());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    String layout = jsonLines ? "JSON lines" : recordsAt.isEmpty() ? "JSON array" : "JSON array at " + recordsAt;
    builder
        .add(DisplayData.item("columns", String.join(", ", declaredColumns.getFieldNames()))
            .withLabel("Declared columns"))
        .add(DisplayData.item("layout", layout).withLabel("Layout"))
        .add(DisplayData.item("charset", charset).withLabel("Charset"))
        .addIfNotDefault(DisplayData.item("fieldPaths", new TreeMap<>(fieldPaths).toString())
            .withLabel("Column JSON pointers"), "{}")
        .add(DisplayData.item("rejectUnknownFields", rejectUnknownFields).withLabel("Reject unknown fields"));
    if (jsonLines) {
      builder.add(DisplayData.item("partBytes", partBytes).withLabel("Bytes of JSON lines parsed as one part of a file"));
    }
  }

  private static void checkPointer(String what, String pointer, boolean mayBeEmpty) {
    checkArgument(pointer != null, "%s must not be null", what);
    checkArgument((mayBeEmpty && pointer.isEmpty()) || pointer.startsWith("/"),
        "%s must be a JSON pointer starting with '/', got '%s'", what, pointer);
  }
}
