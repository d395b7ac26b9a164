package org.beamlake.parse;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.beamlake.schema.ColumnType;

/**
 * Infers a dataset's columns from the first records of its files, for a project that does not
 * declare them yet: column names in the order first seen, and for each the narrowest type every
 * non-blank value fits, judged by the parsers' own conversion ({@link ColumnType#parse}): {@code
 * int}, {@code long}, {@code boolean}, {@code double}, {@code date}, {@code timestamp}, else
 * {@code string}. JSON numbers and strings alike are judged by their text,
 * so {@code "72.314"} counts as a double.
 *
 * <pre>{@code
 * Inferred inferred = InferColumns.json(List.of("raw/data360/**.json"), "/value", false, UTF_8, 10_000);
 * inferred.columns();   // {REF_AREA=STRING, TIME_PERIOD=INT, OBS_VALUE=STRING, ...}
 * inferred.notes();     // {OBS_VALUE=23590 of 23600 values are double; not 'n/a'}
 * }</pre>
 *
 * <p>Strict by design: one value that does not fit makes the column a string, and {@link
 * Inferred#notes} says how close it came, so the user can pin the type and let the parser
 * quarantine the odd values with a reason. Files are read through Beam {@link FileSystems} in name
 * order ({@code .gz} decompressed), at most {@code maxRecords} records in all.
 */
public final class InferColumns {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InferColumns() {}

  /** What was inferred: the columns, the records looked at, and per column a note on near misses. */
  public record Inferred(Map<String, ColumnType> columns, long records, Map<String, String> notes) {}

  /** Columns of CSV files with a header row. */
  public static Inferred csv(List<String> patterns, char delimiter, char quote, Charset charset,
      Set<String> nullValues, long maxRecords) {
    Columns columns = new Columns();
    for (String file : files(patterns)) {
      try (Reader reader = open(file, charset);
          CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setQuote(quote)
              .setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
        List<String> header = parser.getHeaderNames();
        for (CSVRecord record : parser) {
          if (columns.records >= maxRecords) {
            break;
          }
          columns.records++;
          for (int i = 0; i < header.size(); i++) {
            String value = i < record.size() ? record.get(i) : null;
            columns.see(header.get(i), value == null || nullValues.contains(value) ? null : value);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + file + " to infer its columns", e);
      }
      if (columns.records >= maxRecords) {
        break;
      }
    }
    return columns.result();
  }

  /**
   * Columns of JSON files (an array of records, or the array at {@code recordsAt}, a JSON pointer,
   * inside each file) or, with {@code jsonLines}, of one record per line.
   */
  public static Inferred json(List<String> patterns, String recordsAt, boolean jsonLines, Charset charset,
      long maxRecords) {
    Columns columns = new Columns();
    for (String file : files(patterns)) {
      try (Reader reader = open(file, charset)) {
        Iterator<JsonNode> records;
        if (jsonLines) {
          List<JsonNode> lines = new ArrayList<>();
          BufferedReader in = new BufferedReader(reader);
          for (String line = in.readLine(); line != null && lines.size() < maxRecords; line = in.readLine()) {
            if (!line.isBlank()) {
              lines.add(JSON.readTree(line));
            }
          }
          records = lines.iterator();
        } else {
          JsonNode root = JSON.readTree(reader);
          JsonNode array = recordsAt == null ? root : root.at(JsonPointer.compile(recordsAt));
          records = array.isArray() ? array.elements() : Collections.emptyIterator();
        }
        while (records.hasNext() && columns.records < maxRecords) {
          JsonNode record = records.next();
          if (!record.isObject()) {
            continue;
          }
          columns.records++;
          record.fields().forEachRemaining(field -> columns.see(field.getKey(), text(field.getValue())));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + file + " to infer its columns", e);
      }
      if (columns.records >= maxRecords) {
        break;
      }
    }
    return columns.result();
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return value.isContainerNode() ? value.toString() : value.asText();
  }

  private static List<String> files(List<String> patterns) {
    List<String> files = new ArrayList<>();
    try {
      for (MatchResult match : FileSystems.match(patterns, EmptyMatchTreatment.ALLOW)) {
        if (match.status() == MatchResult.Status.OK) {
          match.metadata().forEach(m -> files.add(m.resourceId().toString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + patterns, e);
    }
    Collections.sort(files);
    return files;
  }

  private static Reader open(String file, Charset charset) throws IOException {
    InputStream in = Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(file, false)));
    if (file.endsWith(".gz")) {
      in = new GZIPInputStream(in);
    }
    Reader reader = new InputStreamReader(in, charset);
    BufferedReader buffered = new BufferedReader(reader);
    buffered.mark(1);
    if (buffered.read() != '\uFEFF') {
      buffered.reset();
    }
    return buffered;
  }

  /** Per column: how many values fit each type. */
  private static final class Columns {
    final Map<String, Fits> byName = new LinkedHashMap<>();
    long records;

    void see(String column, String value) {
      Fits fits = byName.computeIfAbsent(column, c -> new Fits());
      if (value != null) {
        fits.see(value);
      }
    }

    Inferred result() {
      Map<String, ColumnType> columns = new LinkedHashMap<>();
      Map<String, String> notes = new LinkedHashMap<>();
      byName.forEach((name, fits) -> {
        ColumnType type = fits.type();
        columns.put(name, type);
        fits.note(type).ifPresent(note -> notes.put(name, note));
      });
      return new Inferred(columns, records, notes);
    }
  }

  private static final class Fits {
    long values;
    long bools;
    long ints;
    long longs;
    long doubles;
    long dates;
    long timestamps;
    String notDouble;

    void see(String v) {
      if (v.isBlank()) {
        return; // the parsers read blank text as null for every type but string
      }
      values++;
      bools += fits(ColumnType.BOOLEAN, v);
      ints += fits(ColumnType.INT, v);
      longs += fits(ColumnType.LONG, v);
      if (fits(ColumnType.DOUBLE, v) == 1) {
        doubles++;
      } else if (notDouble == null) {
        notDouble = v;
      }
      dates += fits(ColumnType.DATE, v);
      timestamps += fits(ColumnType.TIMESTAMP, v);
    }

    /** 1 if the parsers would read {@code v} as {@code type}: the very same conversion decides. */
    private static int fits(ColumnType type, String v) {
      try {
        return type.parse(v) != null ? 1 : 0;
      } catch (RuntimeException e) {
        return 0;
      }
    }

    ColumnType type() {
      if (values == 0) {
        return ColumnType.STRING;
      } else if (ints == values) { // before boolean: 0 and 1 are numbers first
        return ColumnType.INT;
      } else if (longs == values) {
        return ColumnType.LONG;
      } else if (bools == values) {
        return ColumnType.BOOLEAN;
      } else if (doubles == values) {
        return ColumnType.DOUBLE;
      } else if (dates == values) {
        return ColumnType.DATE;
      } else if (timestamps == values) {
        return ColumnType.TIMESTAMP;
      }
      return ColumnType.STRING;
    }

    java.util.Optional<String> note(ColumnType type) {
      if (values == 0) {
        return java.util.Optional.of("no values seen");
      }
      if (type == ColumnType.STRING && doubles > 0 && doubles * 10 >= values * 9) {
        return java.util.Optional.of(doubles + " of " + values + " values are numbers; not '" + notDouble + "'");
      }
      return java.util.Optional.empty();
    }
  }
}
