package org.beamlake.parse;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
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
 * Parses CSV files into rows of the declared columns, typed with {@link ColumnType}.
 *
 * <pre>{@code
 * Schema columns = Schema.builder()
 *     .addField("REF_AREA", ColumnType.STRING.fieldType())
 *     .addField("YEAR", ColumnType.INT.fieldType())
 *     .addField("OBS_VALUE", ColumnType.DOUBLE.fieldType())
 *     .build();
 * RowResult parsed = p
 *     .apply(FileIO.match().filepattern("raw/wdi/*.csv.gz"))
 *     .apply(FileIO.readMatches())
 *     .apply(ParseCsv.of(columns).withDelimiter(';').withCharset(StandardCharsets.ISO_8859_1));
 * }</pre>
 *
 * <p>Each file is streamed, one record at a time. A file larger than {@link #PART_BYTES} (see
 * {@link #withPartBytes}) is cut into parts that start at records, which are spread over the
 * workers and parsed one part per element, with the file's header and line numbers: a runner may
 * hold all the rows of one element in memory. A compressed file, or one in a charset other than
 * UTF-8, US-ASCII or an ASCII-compatible single-byte one, is parsed whole.
 *
 * <p>With a header (the default) columns are found by
 * name in any order and undeclared header columns are ignored; without one they are taken by
 * position. A UTF-8 byte-order mark is removed and empty lines are skipped. Every output row has
 * the schema {@link Lineage#withLineage} of the declared columns and the source {@code
 * <file>:<line>}, the physical line where the record starts (the header is line 1).
 *
 * <p>Nothing is dropped: each data record becomes either a row or a {@link QuarantinedRecord} with
 * step {@code parse}, the record's text as in the file as payload and the same source, for a value
 * that does not convert ({@code YEAR: expected int, got '19x5'}, every bad column in schema order,
 * joined by {@code "; "}), a wrong number of fields ({@code expected 5 fields, got 6}), or a header
 * without a declared column ({@code header lacks column(s) [X, Y]}, every record of the file).
 * Malformed CSV, such as an unterminated quote, makes the text from the failing record to the end of
 * the file (up to 64 KiB) one reject, {@code malformed CSV at line N: <parser message>}; the records
 * before it are kept. Bytes not valid in the charset do the same to the end of the file's part. An
 * empty file gives nothing. *
 * <p>The result's {@link RowResult#counts} say how many rows and rejects it gave ({@link
 * org.beamlake.quarantine.StepCounts#ROWS}, {@link org.beamlake.quarantine.StepCounts#REJECTS}).
 */
public final class ParseCsv extends PTransform<PCollection<ReadableFile>, RowResult> {
  private static final long serialVersionUID = 1L;

  /** Bytes of a file parsed as one element, unless {@link #withPartBytes} says otherwise: 16 MiB. */
  public static final long PART_BYTES = 16L << 20;

  private final Schema declaredColumns;
  private final char delimiter;
  private final char quote;
  private final String charset;
  private final boolean header;
  private final Set<String> nullValues;
  private final long partBytes;

  private ParseCsv(Schema declaredColumns, char delimiter, char quote, String charset, boolean header,
      Set<String> nullValues, long partBytes) {
    this.declaredColumns = declaredColumns;
    this.delimiter = delimiter;
    this.quote = quote;
    this.charset = charset;
    this.header = header;
    this.nullValues = nullValues;
    this.partBytes = partBytes;
  }

  /**
   * Parses into the declared columns (nullable {@link ColumnType#fieldType()}s), with {@code ,} as
   * delimiter, {@code "} as quote, UTF-8, a header, and empty fields as nulls.
   */
  public static ParseCsv of(Schema declaredColumns) {
    checkArgument(declaredColumns != null, "declaredColumns must not be null");
    return new ParseCsv(declaredColumns, ',', '"', StandardCharsets.UTF_8.name(), true, Set.of(""), PART_BYTES);
  }

  /** The character between fields; not a line break. */
  public ParseCsv withDelimiter(char delimiter) {
    checkArgument(!isLineBreak(delimiter), "delimiter must not be a line break (\\n or \\r)");
    return new ParseCsv(declaredColumns, delimiter, quote, charset, header, nullValues, partBytes);
  }

  /** The character around fields that hold delimiters, quotes or line breaks; not a line break. */
  public ParseCsv withQuote(char quote) {
    checkArgument(!isLineBreak(quote), "quote must not be a line break (\\n or \\r)");
    return new ParseCsv(declaredColumns, delimiter, quote, charset, header, nullValues, partBytes);
  }

  /** The encoding of the files, e.g. {@link StandardCharsets#ISO_8859_1}. */
  public ParseCsv withCharset(Charset charset) {
    checkArgument(charset != null, "charset must not be null");
    return new ParseCsv(declaredColumns, delimiter, quote, charset.name(), header, nullValues, partBytes);
  }

  /** Whether the first record names the columns (true) or columns are taken by position (false). */
  public ParseCsv withHeader(boolean header) {
    return new ParseCsv(declaredColumns, delimiter, quote, charset, header, nullValues, partBytes);
  }

  /** Field texts that mean null, compared exactly, e.g. {@code Set.of("", "NA")}; may be empty. */
  public ParseCsv withNullValues(Set<String> nullValues) {
    checkArgument(nullValues != null, "nullValues must not be null");
    checkArgument(nullValues.stream().noneMatch(Objects::isNull), "nullValues must not contain null");
    return new ParseCsv(declaredColumns, delimiter, quote, charset, header, Set.copyOf(nullValues), partBytes);
  }

  /**
   * Files larger than this many bytes are parsed in parts of about this size, each starting at a
   * record (default {@link #PART_BYTES}); at least 1.
   */
  public ParseCsv withPartBytes(long partBytes) {
    checkArgument(partBytes >= 1, "partBytes must be at least 1, got %s", partBytes);
    return new ParseCsv(declaredColumns, delimiter, quote, charset, header, nullValues, partBytes);
  }

  @Override
  public RowResult expand(PCollection<ReadableFile> files) {
    DeclaredColumns columns = DeclaredColumns.of("ParseCsv", declaredColumns);
    checkArgument(delimiter != quote, "ParseCsv: delimiter and quote must differ, both are '%s'", delimiter);
    CsvFileParser parser = new CsvFileParser(columns, delimiter, quote, charset, header, nullValues);
    return ParseRangeFn.inParts(files, parser, partBytes, columns.outputSchema());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("columns", String.join(", ", declaredColumns.getFieldNames()))
            .withLabel("Declared columns"))
        .add(DisplayData.item("delimiter", String.valueOf(delimiter)).withLabel("Delimiter"))
        .add(DisplayData.item("quote", String.valueOf(quote)).withLabel("Quote"))
        .add(DisplayData.item("charset", charset).withLabel("Charset"))
        .add(DisplayData.item("header", header).withLabel("First record is a header"))
        .add(DisplayData.item("nullValues", new TreeSet<>(nullValues).toString()).withLabel("Null values"))
        .add(DisplayData.item("partBytes", partBytes).withLabel("Bytes parsed as one part of a file"));
  }

  private static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r';
  }
}
