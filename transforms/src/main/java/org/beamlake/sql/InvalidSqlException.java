package org.beamlake.sql;

/**
 * A query that Beam SQL could not parse, validate or plan, thrown by {@link RunSql} when the
 * transform is applied. Its message is the one-line {@link SqlError}, positioned in the query as
 * the user wrote it: {@code stats.sql:3:8: Column 'OBS_VALU' not found in any table}. The
 * original Beam exception is the cause.
 */
public final class InvalidSqlException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final SqlError error;

  /** An error without a Beam exception behind it (found while rewriting). */
  public InvalidSqlException(SqlError error) {
    this(error, null);
  }

  /** An error found by Beam SQL; {@code cause} is what Beam threw. */
  public InvalidSqlException(SqlError error, Throwable cause) {
    super(error.toString(), cause);
    this.error = error;
  }

  /** The file, position and message. */
  public SqlError error() {
    return error;
  }
}
