package org.beamlake.capture.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Writes a result's rows as JSON lines, straight from the {@link ResultSet} into a stream: one JSON
 * object per row, keys the result's column labels in result order, values typed by {@link
 * ColumnKind}. JSON escapes line breaks inside strings, so the line is the record.
 */
final class JsonLines {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonLines() {}

  /** Writes every remaining row of {@code rs} to {@code out} (UTF-8, each line ended by {@code \n}); the row count. */
  static long write(JdbcDialect dialect, ResultSet rs, OutputStream out) throws SQLException, IOException {
    ResultSetMetaData md = rs.getMetaData();
    // Each name quoted and encoded once, not once per row.
    SerializedString[] names = new SerializedString[md.getColumnCount()];
    ColumnKind[] kinds = new ColumnKind[names.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = new SerializedString(md.getColumnLabel(i + 1));
      kinds[i] = ColumnKind.of(dialect, md, i + 1);
    }
    long rows = 0;
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      // The line break below ends each object; the default separator would add a space before the next.
      json.setRootValueSeparator(null);
      while (rs.next()) {
        json.writeStartObject();
        for (int i = 0; i < names.length; i++) {
          json.writeFieldName(names[i]);
          writeValue(json, kinds[i], rs, i + 1);
        }
        json.writeEndObject();
        json.writeRaw('\n');
        rows++;
      }
    }
    return rows;
  }

  /**
   * Integers and decimals whose database text is already what {@link JdbcValues#write} would make
   * of them are copied as they are, without a round trip through {@code BigInteger}/{@code
   * BigDecimal}; any other text takes that round trip, so the output is the same either way.
   */
  private static void writeValue(JsonGenerator json, ColumnKind kind, ResultSet rs, int i)
      throws SQLException, IOException {
    if (kind == ColumnKind.INTEGER || kind == ColumnKind.DECIMAL) {
      String text = rs.getString(i);
      if (text != null && NumberText.isCanonical(text, kind == ColumnKind.DECIMAL)) {
        json.writeNumber(text);
        return;
      }
      JdbcValues.write(json, kind == ColumnKind.INTEGER ? JdbcValues.integer(text) : JdbcValues.decimal(text));
    } else if (kind == ColumnKind.TEXT) {
      String text = rs.getString(i);
      if (text == null) {
        json.writeNull();
      } else {
        json.writeString(text);
      }
    } else {
      JdbcValues.write(json, kind.read(rs, i));
    }
  }
}
