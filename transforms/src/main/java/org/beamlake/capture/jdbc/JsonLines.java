package org.beamlake.capture.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import org.apache.beam.sdk.io.jdbc.JdbcIO;

/**
 * One row as one JSON object, keys the result's column labels in result order, values typed by
 * {@link ColumnKind}. JSON escapes line breaks inside strings, so the line is the record.
 */
final class JsonLines implements JdbcIO.RowMapper<String> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  private final JdbcDialect dialect;
  private transient ResultSet columnsOf;
  private transient String[] names;
  private transient ColumnKind[] kinds;

  JsonLines(JdbcDialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public String mapRow(ResultSet rs) throws Exception {
    if (rs != columnsOf) {
      ResultSetMetaData md = rs.getMetaData();
      names = new String[md.getColumnCount()];
      kinds = new ColumnKind[names.length];
      for (int i = 0; i < names.length; i++) {
        names[i] = md.getColumnLabel(i + 1);
        kinds[i] = ColumnKind.of(dialect, md, i + 1);
      }
      columnsOf = rs;
    }
    StringWriter line = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      for (int i = 0; i < names.length; i++) {
        json.writeFieldName(names[i]);
        JdbcValues.write(json, kinds[i].read(rs, i + 1));
      }
      json.writeEndObject();
    }
    return line.toString();
  }
}
