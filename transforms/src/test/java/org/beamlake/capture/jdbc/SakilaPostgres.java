package org.beamlake.capture.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The dvd-rental demo's PostgreSQL 17 with Sakila ({@link org.beamlake.testdata.SakilaPostgres}),
 * with a known password for the read-only role and the queries these tests check with.
 */
final class SakilaPostgres implements AutoCloseable {
  static final String USER = org.beamlake.testdata.SakilaPostgres.USER;
  static final String PASSWORD = "pg-Pa55word-9f3c";

  private final org.beamlake.testdata.SakilaPostgres db;

  private SakilaPostgres(org.beamlake.testdata.SakilaPostgres db) {
    this.db = db;
  }

  static SakilaPostgres start() throws IOException {
    return new SakilaPostgres(org.beamlake.testdata.SakilaPostgres.start(SakilaFiles.dir(), 0, PASSWORD));
  }

  /** The capture's URL. */
  String url() {
    return db.url();
  }

  /** {@code postgresql://127.0.0.1:PORT/sakila}, as a capture describes it. */
  String described() {
    return db.url().substring("jdbc:".length());
  }

  Connection admin() throws SQLException {
    return db.admin();
  }

  void execute(String... sql) throws SQLException {
    try (Connection c = admin(); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  /** The first column of every row, as text. */
  List<String> column(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = admin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  /** The first column of every row as numbers, sorted. */
  List<Long> ids(String sql) throws SQLException {
    return column(sql).stream().map(Long::valueOf).sorted().toList();
  }

  @Override
  public void close() throws IOException {
    db.close();
  }
}
