package org.beamlake.parse;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads one CSV text into rows and rejects, one record at a time. Records are located by physical
 * line ({@link CSVParser#getCurrentLineNumber()} after each record), so that the reject payload is
 * the record's text as in the file and the lineage names the line where the record starts.
 */
final class CsvFileParser implements FileParser {
  private static final long serialVersionUID = 1L;

  private final DeclaredColumns columns;
  private final char delimiter;
  private final char quote;
  private final String charset;
  private final boolean header;
  private final Set<String> nullValues;

  CsvFileParser(
      DeclaredColumns columns, char delimiter, char quote, String charset, boolean header, Set<String> nullValues) {
    this.columns = columns;
    this.delimiter = delimiter;
    this.quote = quote;
    this.charset = charset;
    this.header = header;
    this.nullValues = nullValues;
  }

  @Override
  public void parse(ReadableFile file, ParseOutput out) throws IOException {
    try (Reader reader = TextFiles.open(file, Charset.forName(charset))) {
      parse(reader, TextFiles.source(file), out);
    }
  }

  /** Parses {@code reader} (the text of {@code file}, without BOM) into {@code out}. */
  void parse(Reader reader, String file, ParseOutput out) throws IOException {
    // Empty lines carry no record; they are skipped, and still counted for line numbers.
    CSVFormat format = CSVFormat.DEFAULT.builder()
        .setDelimiter(delimiter).setQuote(quote).setIgnoreEmptyLines(true).get();
    LineRecorder text = new LineRecorder(reader);
    try (CSVParser parser = CSVParser.builder().setReader(text).setFormat(format).get()) {
      Iterator<CSVRecord> records = parser.iterator();
      CsvLayout layout = header ? null : CsvLayout.byPosition(columns);
      long linesRead = 0;
      while (true) {
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            return;
          }
          record = records.next();
        } catch (UncheckedIOException e) {
          rejectRest(text, linesRead + 1, file, e.getCause(), out);
          return;
        }
        long last = parser.getCurrentLineNumber();
        long first = text.firstNonEmptyLine(linesRead + 1, last);
        String payload = text.lines(first, last);
        text.forgetBefore(last + 1);
        linesRead = last;
        if (layout == null) {
          layout = CsvLayout.fromHeader(record.toList(), columns);
        } else {
          emit(record, layout, payload, file + ":" + first, out);
        }
      }
    }
  }

  private void emit(CSVRecord record, CsvLayout layout, String payload, String source, ParseOutput out) {
    if (layout.problem() != null) {
      out.reject(layout.problem(), payload, source);
      return;
    }
    if (record.size() != layout.width()) {
      out.reject("expected " + layout.width() + " fields, got " + record.size(), payload, source);
      return;
    }
    Object[] values = new Object[columns.size()];
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      String value = record.get(layout.position(i));
      try {
        values[i] = nullValues.contains(value) ? null : columns.type(i).parse(value);
      } catch (IllegalArgumentException e) {
        errors.add(columns.name(i) + ": " + e.getMessage());
      }
    }
    if (errors.isEmpty()) {
      out.row(columns.row(values, source));
    } else {
      out.reject(String.join("; ", errors), payload, source);
    }
  }

  /** The parser cannot go on: the text from the failing record to the end is one reject. */
  private static void rejectRest(LineRecorder text, long from, String file, IOException cause, ParseOutput out)
      throws IOException {
    if (!(cause instanceof CSVException) && !(cause instanceof CharacterCodingException)) {
      throw cause;
    }
    long first = text.firstNonEmptyLine(from, text.lastLine());
    String rest = text.rest(first, TextFiles.MAX_PAYLOAD_CHARS);
    String payload = rest.endsWith("\r\n") ? rest.substring(0, rest.length() - 2)
        : rest.endsWith("\n") || rest.endsWith("\r") ? rest.substring(0, rest.length() - 1) : rest;
    out.reject("malformed CSV at line " + first + ": " + cause.getMessage(), payload, file + ":" + first);
  }
}
