package org.beamlake.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads one CSV text into rows and rejects, one record at a time. Records are located by physical
 * line, so that the reject payload is the record's text as in the file and the lineage names the
 * line where the record starts.
 *
 * <p>Lines without the quote character are split at the delimiter as they are read ({@link
 * PlainCsvLines}); from the first line with a quote on, Commons CSV reads the rest, its records
 * located by {@link CSVParser#getCurrentLineNumber()} after each. On one of the benchmark's files,
 * which quote nothing, the plain lines parse in half the time Commons CSV takes (BENCHMARKS.md,
 * "Plain CSV lines; the lineage text and Beam SQL's Calc, looked at").
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
    parse(FileRange.whole(file), out);
  }

  @Override
  public boolean canCut() {
    return CsvSplits.canCut(Charset.forName(charset), delimiter, quote);
  }

  @Override
  public List<FileRange.Cut> cuts(InputStream in, long targetBytes) throws IOException {
    return CsvSplits.find(in, Charset.forName(charset), delimiter, quote, targetBytes);
  }

  /**
   * Parses one part of a file ({@link CsvSplits}). A part after the first takes its columns from
   * the file's header, read from the file's start; its line numbers are the file's.
   */
  @Override
  public void parse(FileRange range, ParseOutput out) throws IOException {
    Charset decoding = Charset.forName(charset);
    CsvLayout layout = !header ? CsvLayout.byPosition(columns)
        : range.start() == 0 ? null : CsvLayout.fromHeader(header(range.file(), decoding), columns);
    try (Reader reader = TextFiles.open(range, decoding)) {
      parse(reader, TextFiles.source(range.file()), range.firstLine() - 1, layout, out);
    }
  }

  /** Parses {@code reader} (the text of {@code file}, without BOM) into {@code out}. */
  void parse(Reader reader, String file, ParseOutput out) throws IOException {
    parse(reader, file, 0, header ? null : CsvLayout.byPosition(columns), out);
  }

  /**
   * How Commons CSV reads this parser's dialect. Empty lines carry no record; they are skipped, and
   * still counted for line numbers.
   */
  private CSVFormat format() {
    return CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setQuote(quote).setIgnoreEmptyLines(true).get();
  }

  /** The fields of the file's first record. */
  private List<String> header(ReadableFile file, Charset decoding) throws IOException {
    try (Reader reader = TextFiles.open(file, decoding);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format()).get()) {
      Iterator<CSVRecord> records = parser.iterator();
      if (!records.hasNext()) {
        throw new IOException("the header of " + TextFiles.source(file) + " could not be read again");
      }
      return records.next().toList();
    } catch (UncheckedIOException e) {
      throw new IOException("the header of " + TextFiles.source(file) + " could not be read again", e.getCause());
    }
  }

  /**
   * Parses {@code reader}, the text from line {@code linesBefore + 1} of {@code file}, into {@code
   * out}; with a null {@code given} layout its first record is the header.
   */
  void parse(Reader reader, String file, long linesBefore, CsvLayout given, ParseOutput out)
      throws IOException {
    PlainCsvLines lines = new PlainCsvLines(reader, delimiter, quote);
    CsvLayout layout = given;
    while (lines.next()) {
      List<String> fields = lines.fields();
      if (layout == null) {
        layout = CsvLayout.fromHeader(fields, columns);
      } else {
        emit(fields, layout, new Line(lines, file, linesBefore + lines.line()), out);
      }
    }
    if (lines.handedOver()) {
      parseWithCommonsCsv(lines.rest(), file, linesBefore + lines.line(), layout, out);
    }
  }

  /**
   * {@link #parse(Reader, String, long, CsvLayout, ParseOutput)} by Commons CSV alone, every line
   * through its lexer: the rest of a text from its first quote, and the reference the plain lines
   * are tested against.
   */
  void parseWithCommonsCsv(Reader reader, String file, long linesBefore, CsvLayout given, ParseOutput out)
      throws IOException {
    LineRecorder text = new LineRecorder(reader);
    try (CSVParser parser = CSVParser.builder().setReader(text).setFormat(format()).get()) {
      Iterator<CSVRecord> records = parser.iterator();
      CsvLayout layout = given;
      long linesRead = 0;
      while (true) {
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            return;
          }
          record = records.next();
        } catch (UncheckedIOException e) {
          rejectRest(text, linesRead + 1, linesBefore, file, e.getCause(), out);
          return;
        }
        long last = parser.getCurrentLineNumber();
        long first = text.firstNonEmptyLine(linesRead + 1, last);
        if (layout == null) {
          layout = CsvLayout.fromHeader(record.toList(), columns);
        } else {
          emit(record.toList(), layout, new Located(text, first, last, file, linesBefore + first), out);
        }
        text.forgetBefore(last + 1);
        linesRead = last;
      }
    }
  }

  /**
   * Where a record is: its text (lines {@code first} to {@code last} of what {@code text} holds),
   * asked for only when the record is rejected, and its lineage, {@code <file>:<line>}, built only
   * for a row or a reject (a parse that counts rows needs neither).
   */
  private interface Where {
    String payload();

    String file();

    long line();

    default String source() {
      return file() + ":" + line();
    }
  }

  /** A record of lines {@code first} to {@code last} that Commons CSV read. */
  private record Located(LineRecorder text, long first, long last, String file, long line) implements Where {
    @Override
    public String payload() {
      return text.lines(first, last);
    }
  }

  /** The current line of {@code lines}, line {@code line} of {@code file}. */
  private record Line(PlainCsvLines lines, String file, long line) implements Where {
    @Override
    public String payload() {
      return lines.text();
    }
  }

  private void emit(List<String> record, CsvLayout layout, Where where, ParseOutput out) {
    if (layout.problem() != null) {
      out.reject(layout.problem(), where.payload(), where.source());
      return;
    }
    if (record.size() != layout.width()) {
      out.reject("expected " + layout.width() + " fields, got " + record.size(), where.payload(), where.source());
      return;
    }
    Object[] values = new Object[columns.size()];
    List<String> errors = null;
    for (int i = 0; i < values.length; i++) {
      String value = record.get(layout.position(i));
      try {
        values[i] = nullValues.contains(value) ? null : columns.type(i).parse(value);
      } catch (IllegalArgumentException e) {
        if (errors == null) {
          errors = new ArrayList<>();
        }
        errors.add(columns.name(i) + ": " + e.getMessage());
      }
    }
    if (errors == null && !out.wantsRows()) {
      out.rowCounted();
    } else if (errors == null) {
      out.row(columns.row(values, where.source()));
    } else {
      out.reject(String.join("; ", errors), where.payload(), where.source());
    }
  }

  /** The parser cannot go on: the text from the failing record to the end is one reject. */
  private static void rejectRest(LineRecorder text, long from, long linesBefore, String file, IOException cause,
      ParseOutput out) throws IOException {
    if (!(cause instanceof CSVException) && !(cause instanceof CharacterCodingException)) {
      throw cause;
    }
    long first = text.firstNonEmptyLine(from, text.lastLine());
    String rest = text.rest(first, TextFiles.MAX_PAYLOAD_CHARS);
    String payload = rest.endsWith("\r\n") ? rest.substring(0, rest.length() - 2)
        : rest.endsWith("\n") || rest.endsWith("\r") ? rest.substring(0, rest.length() - 1) : rest;
    long line = linesBefore + first;
    out.reject("malformed CSV at line " + line + ": " + inFile(cause.getMessage(), linesBefore), payload,
        file + ":" + line);
  }

  private static final Pattern START_LINE = Pattern.compile("\\(startline (\\d+)\\)");
  private static final Pattern LINE_AND_POSITION = Pattern.compile("at line: (\\d+), position: \\d+");

  /**
   * Commons CSV's message with its line numbers, counted from the start of the part parsed, made
   * the file's; its character position is left out, as it would count from the part's start.
   */
  static String inFile(String message, long linesBefore) {
    String m = START_LINE.matcher(message)
        .replaceAll(r -> "(startline " + (Long.parseLong(r.group(1)) + linesBefore) + ")");
    return LINE_AND_POSITION.matcher(m).replaceAll(r -> "at line: " + (Long.parseLong(r.group(1)) + linesBefore));
  }
}
