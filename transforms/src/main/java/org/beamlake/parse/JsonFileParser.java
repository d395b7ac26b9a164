package org.beamlake.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.List;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.beamlake.parse.StrictDecoder.UndecodableBytes;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Streams the records of one JSON file with Jackson, one record in memory at a time: the elements
 * of an array (the whole file, or the array at a JSON pointer), or one record per line.
 */
final class JsonFileParser implements FileParser {
  private static final long serialVersionUID = 1L;

  private final JsonColumns columns;
  private final boolean jsonLines;
  private final String recordsAt;
  private final String charset;
  private final @Nullable String columnArraysAt;
  private transient ObjectMapper mapper;

  /** @param recordsAt JSON pointer of the records array; empty for a file that is the array */
  JsonFileParser(JsonColumns columns, boolean jsonLines, String recordsAt, String charset) {
    this(columns, jsonLines, recordsAt, charset, null);
  }

  /**
   * @param columnArraysAt JSON pointer of an object of equal-length column arrays (Open-Meteo's
   *     {@code /daily}), each index one record with the document's top-level scalar fields; or null
   */
  JsonFileParser(JsonColumns columns, boolean jsonLines, String recordsAt, String charset,
      @Nullable String columnArraysAt) {
    this.columns = columns;
    this.jsonLines = jsonLines;
    this.recordsAt = recordsAt;
    this.charset = charset;
    this.columnArraysAt = columnArraysAt;
  }

  @Override
  public void parse(ReadableFile file, ParseOutput out) throws IOException {
    parse(FileRange.whole(file), out);
  }

  /** A whole file, or for JSON lines a part that starts at a line, with the file's line numbers. */
  @Override
  public void parse(FileRange range, ParseOutput out) throws IOException {
    if (!jsonLines && !range.isWholeFile()) {
      throw new IllegalArgumentException("a JSON document is parsed whole, not as " + range);
    }
    Charset decoding = Charset.forName(charset);
    String source = TextFiles.source(range.file());
    String problem;
    try (Reader reader = TextFiles.open(range, decoding)) {
      problem = jsonLines ? readLines(reader, source, range.firstLine() - 1, out)
          : columnArraysAt != null ? readColumnArrays(reader, source, out) : readArray(reader, source, out);
    }
    if (problem != null) {
      out.reject(problem, TextFiles.head(range, decoding), source);
    }
  }

  /** JSON lines can be cut after any line feed, in a charset whose ASCII bytes are always ASCII. */
  @Override
  public boolean canCut() {
    return jsonLines && CsvSplits.isAsciiCompatible(Charset.forName(charset));
  }

  @Override
  public List<FileRange.Cut> cuts(InputStream in, long targetBytes) throws IOException {
    return LineSplits.find(in, targetBytes);
  }

  /** Sends each element of the records array to {@code out}; returns why the rest of the file is unreadable, or null. */
  @Nullable String readArray(Reader reader, String source, ParseOutput out) throws IOException {
    JsonParser parser = mapper().createParser(reader);
    try (parser) {
      if (parser.nextToken() == null) {
        return null;
      }
      if (!moveTo(parser, JsonPointer.compile(recordsAt))) {
        return "no array at " + (recordsAt.isEmpty() ? "the top level" : recordsAt);
      }
      long index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        JsonNode record = parser.readValueAsTree();
        record = record == null ? NullNode.getInstance() : record;
        columns.emit(record, record.toString(), source + "#" + index++, out);
      }
      readToEnd(parser);
      return null;
    } catch (JsonProcessingException e) {
      return malformed(e.getLocation(), message(e));
    } catch (UndecodableBytes e) {
      return undecodable(e);
    }
  }

  /**
   * Sends one record per index of the column arrays to {@code out}, each with the document's
   * top-level scalar fields (e.g. {@code latitude}); returns why the file is unreadable, or null.
   * The document is read whole: such responses are one series of a bounded size.
   */
  @Nullable String readColumnArrays(Reader reader, String source, ParseOutput out) throws IOException {
    JsonNode document;
    try {
      document = mapper().readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .readValue(reader);
    } catch (JsonProcessingException e) {
      return malformed(e.getLocation(), message(e));
    } catch (UndecodableBytes e) {
      return undecodable(e);
    }
    if (document == null || !document.isObject()) {
      return "expected a JSON object with column arrays at " + columnArraysAt;
    }
    java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> rows;
    try {
      rows = org.beamlake.capture.http.ZipColumnArrays.rows(document, columnArraysAt);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    long index = 0;
    for (com.fasterxml.jackson.databind.node.ObjectNode row : rows) {
      document.properties().forEach(field -> {
        if (field.getValue().isValueNode() && !row.has(field.getKey())) {
          row.set(field.getKey(), field.getValue());
        }
      });
      columns.emit(row, row.toString(), source + "#" + index++, out);
    }
    return null;
  }

  /** Sends each non-blank line to {@code out}; returns why the rest of the file is unreadable, or null. */
  @Nullable String readLines(Reader reader, String source, ParseOutput out) throws IOException {
    return readLines(reader, source, 0, out);
  }

  /** As {@link #readLines(Reader, String, ParseOutput)}, for text that starts at line {@code linesBefore + 1}. */
  @Nullable String readLines(Reader reader, String source, long linesBefore, ParseOutput out) throws IOException {
    ObjectReader lineReader = mapper().readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    BufferedReader lines = new BufferedReader(reader);
    long number = linesBefore;
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode record;
        try {
          record = lineReader.readValue(line);
        } catch (JsonProcessingException e) {
          out.reject("malformed JSON at line " + number + ": " + message(e), line, source + ":" + number);
          continue;
        }
        record = record == null ? NullNode.getInstance() : record;
        columns.emit(record, line, source + ":" + number, out);
      }
      return null;
    } catch (UndecodableBytes e) {
      return undecodable(e);
    }
  }

  /** Moves from the first token to the array at the pointer; false if there is none. */
  private static boolean moveTo(JsonParser parser, JsonPointer pointer) throws IOException {
    for (JsonPointer rest = pointer; !rest.matches(); rest = rest.tail()) {
      boolean found;
      if (parser.currentToken() == JsonToken.START_OBJECT) {
        found = moveToField(parser, rest.getMatchingProperty());
      } else if (parser.currentToken() == JsonToken.START_ARRAY && rest.mayMatchElement()) {
        found = moveToElement(parser, rest.getMatchingIndex());
      } else {
        found = false;
      }
      if (!found) {
        return false;
      }
    }
    return parser.currentToken() == JsonToken.START_ARRAY;
  }

  private static boolean moveToField(JsonParser parser, String name) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      boolean match = name.equals(parser.currentName());
      parser.nextToken();
      if (match) {
        return true;
      }
      parser.skipChildren();
    }
    return false;
  }

  private static boolean moveToElement(JsonParser parser, int index) throws IOException {
    for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
      if (i == index) {
        return true;
      }
      parser.skipChildren();
    }
    return false;
  }

  /** Reads past the records to the end, so a truncated or trailing-garbage file is noticed. */
  private static void readToEnd(JsonParser parser) throws IOException {
    while (!parser.getParsingContext().inRoot()) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new JsonParseException(parser, "unexpected end of the JSON document");
      } else if (token.isStructStart()) {
        parser.skipChildren();
      }
    }
    if (parser.nextToken() != null) {
      throw new JsonParseException(parser, "unexpected content after the end of the JSON document");
    }
  }

  private static String malformed(@Nullable JsonLocation at, String message) {
    return at == null
        ? "malformed JSON: " + message
        : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + message;
  }

  private static String undecodable(UndecodableBytes e) {
    return "malformed JSON at line " + e.line() + ": " + e.getMessage();
  }

  /** Jackson's message without the location (given separately) and the placeholder for the source. */
  private static String message(JsonProcessingException e) {
    return e.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
  }

  private ObjectMapper mapper() {
    if (mapper == null) {
      // Decimals as BigDecimal, scale kept: "1.10" into a decimal column stays 1.10.
      mapper = new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }
    return mapper;
  }
}
