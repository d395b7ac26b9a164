package org.beamlake.serve;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A row's values as JSON (numbers and booleans as such, dates and timestamps as ISO-8601) or CSV. */
final class RowValues {
  private RowValues() {}

  static Map<String, Object> json(Schema schema, Row row) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String column : schema.getFieldNames()) {
      values.put(column, jsonValue(row.getValue(column)));
    }
    return values;
  }

  private static Object jsonValue(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
      return value;
    }
    return value.toString(); // LocalDate, Joda Instant: ISO-8601
  }

  /** A header and the rows, as the lake's own {@code _csv/} files: RFC 4180 quoting, null as an empty field. */
  static String csv(Schema schema, List<Row> rows) {
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
      printer.printRecord(schema.getFieldNames());
      for (Row row : rows) {
        Object[] values = new Object[schema.getFieldCount()];
        for (int i = 0; i < values.length; i++) {
          Object value = row.getValue(i);
          values[i] = value == null ? "" : value.toString();
        }
        printer.printRecord(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
