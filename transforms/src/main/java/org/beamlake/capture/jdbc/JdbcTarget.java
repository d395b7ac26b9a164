package org.beamlake.capture.jdbc;

import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One thing a capture reads: a table (checked name) or a named query. Its name is also the
 * directory its files go to.
 */
record JdbcTarget(String name, @Nullable String table, @Nullable String sql) implements Serializable {
  static JdbcTarget table(String table) {
    return new JdbcTarget(Identifiers.table(table), table, null);
  }

  static JdbcTarget query(String name, String sql) {
    return new JdbcTarget(Identifiers.name("query name", name), null, sql);
  }

  /** What follows FROM: the quoted table, or the query as a derived table. */
  String from(JdbcDialect dialect) {
    return table != null ? dialect.quote(table) : "(" + sql + ") beamlake_q";
  }

  /** {@code table public.rental} or {@code query top_films}. */
  String describe() {
    return (table != null ? "table " : "query ") + name;
  }
}
