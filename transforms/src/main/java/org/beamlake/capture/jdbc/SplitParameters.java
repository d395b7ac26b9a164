package org.beamlake.capture.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.beam.sdk.io.jdbc.JdbcIO;

/** Binds a split's values to the read statement: values are always parameters, never SQL text. */
final class SplitParameters implements JdbcIO.PreparedStatementSetter<JdbcSplit> {
  private static final long serialVersionUID = 1L;

  @Override
  public void setParameters(JdbcSplit split, PreparedStatement statement) throws Exception {
    bind(statement, split.parameters());
  }

  static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      statement.setObject(i + 1, values.get(i));
    }
  }
}
