package org.beamlake.sql;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.beam.sdk.extensions.sql.impl.ParseException;
import org.apache.beam.sdk.extensions.sql.impl.SqlConversionException;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.runtime.CalciteContextException;
import org.apache.beam.vendor.calcite.v1_40_0.org.apache.calcite.sql.parser.SqlParseException;

/**
 * Where a query went wrong, for a message a user can act on: {@code stats.sql:3:8: Column
 * 'OBS_VALU' not found in any table}.
 *
 * <p>{@code line} and {@code column} are 1-based, as in an editor (a tab counts as one column);
 * both are 0 when Beam SQL gave no position (for example "Does not support SUM DISTINCT", which
 * comes from the planner).
 *
 * <pre>{@code
 * try {
 *   tables.apply(RunSql.query(sql).withFileName("stats.sql"));
 * } catch (InvalidSqlException e) {
 *   System.err.println(e.error());   // stats.sql:3:8: Column 'OBS_VALU' not found in any table
 * }
 * }</pre>
 *
 * @param file the name the query came from, e.g. {@code stats.sql}
 * @param line 1-based line, or 0 if unknown
 * @param column 1-based column, or 0 if unknown
 * @param message what Calcite or Beam said, on one line, without its own position
 */
public record SqlError(String file, int line, int column, String message) {
  private static final Pattern PARSE_POSITION = Pattern.compile(" at line \\d+, column \\d+\\.?$");
  private static final int MAX_CAUSES = 64;

  /**
   * The SQL error inside {@code t}, looking through Beam's wrappers ({@code ParseException},
   * {@code SqlConversionException}, {@code ValidationException}) down to Calcite's {@code
   * CalciteContextException} or {@code SqlParseException}, which carry the position. An {@link
   * InvalidSqlException} (thrown by {@link RunSql}) already holds positions in the query as
   * written, and is returned as is, named {@code fileName} unless that is null. Empty if {@code t} is not about SQL.
   *
   * <p>Positions are those of the query that Beam SQL parsed; {@link RunSql} maps them back to
   * the query before its rewriting.
   */
  public static Optional<SqlError> from(Throwable t, String fileName) {
    boolean aboutSql = false;
    Throwable deepest = t;
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable c = t; c != null && seen.size() < MAX_CAUSES && seen.put(c, true) == null;
        c = c.getCause()) {
      if (c instanceof InvalidSqlException) {
        SqlError error = ((InvalidSqlException) c).error();
        return Optional.of(fileName == null ? error : error.withFile(fileName));
      }
      if (c instanceof CalciteContextException) {
        CalciteContextException context = (CalciteContextException) c;
        String message = context.getCause() != null ? context.getCause().getMessage() : context.getMessage();
        return Optional.of(new SqlError(fileName, context.getPosLine(), context.getPosColumn(), oneLine(message)));
      }
      if (c instanceof SqlParseException) {
        SqlParseException parse = (SqlParseException) c;
        String message = PARSE_POSITION.matcher(oneLine(parse.getMessage())).replaceFirst("");
        int line = parse.getPos() == null ? 0 : parse.getPos().getLineNum();
        int column = parse.getPos() == null ? 0 : parse.getPos().getColumnNum();
        return Optional.of(new SqlError(fileName, line, column, message));
      }
      aboutSql |= c instanceof ParseException || c instanceof SqlConversionException;
      deepest = c;
    }
    return aboutSql ? Optional.of(new SqlError(fileName, 0, 0, oneLine(deepest.getMessage()))) : Optional.empty();
  }

  /** The same error named {@code fileName}. */
  public SqlError withFile(String fileName) {
    return new SqlError(fileName, line, column, message);
  }

  /** The same error saying {@code newMessage}. */
  public SqlError withMessage(String newMessage) {
    return new SqlError(file, line, column, newMessage);
  }

  /** {@code file:line:column: message}, or {@code file: message} without a position. */
  @Override
  public String toString() {
    String where = file == null ? "<sql>" : file;
    return line > 0 ? where + ":" + line + ":" + column + ": " + message : where + ": " + message;
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    int lineBreak = message.indexOf('\n');
    return (lineBreak < 0 ? message : message.substring(0, lineBreak)).trim();
  }
}
