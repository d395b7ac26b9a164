package org.beamlake.stage;

import java.util.function.Supplier;
import org.beamlake.project.ProjectError;
import org.beamlake.project.TableConfig;
import org.beamlake.sql.SqlError;

/** Turns an SQL failure into an error at the SQL file's line, or at the table in the project. */
final class SqlFailure {
  private SqlFailure() {}

  static <T> T at(TableConfig table, Supplier<T> build) {
    try {
      return build.get();
    } catch (RuntimeException e) {
      ProjectError error = SqlError.from(e, table.sqlFile())
          .map(s -> new ProjectError(table.sqlFile(), s.line(), "", s.column() > 0 ? "column " + s.column() + ": " + s.message() : s.message()))
          .orElseGet(() -> table.where().error(StepFailure.message(e)));
      throw new StepFailure(error, e);
    }
  }
}
