package org.beamlake.capture.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Binds a split's values to a statement: values are always parameters, never SQL text. */
final class SplitParameters {
  private SplitParameters() {}

  static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      statement.setObject(i + 1, values.get(i));
    }
  }
}
