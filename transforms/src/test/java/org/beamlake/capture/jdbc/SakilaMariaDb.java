package org.beamlake.capture.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The dvd-rental demo's MariaDB 11.4 with the Sakila MySQL schema and the film family's rows
 * ({@link org.beamlake.testdata.SakilaMariaDb}), and the statements these tests run on it.
 */
final class SakilaMariaDb implements AutoCloseable {
  static final List<String> TABLES = org.beamlake.testdata.SakilaMariaDb.TABLES;

  private final org.beamlake.testdata.SakilaMariaDb db;

  private SakilaMariaDb(org.beamlake.testdata.SakilaMariaDb db) {
    this.db = db;
  }

  static SakilaMariaDb start() throws IOException {
    return new SakilaMariaDb(org.beamlake.testdata.SakilaMariaDb.start(SakilaFiles.dir()));
  }

  String url() {
    return db.url();
  }

  /** {@code mariadb://127.0.0.1:PORT/sakila}, as a capture describes it. */
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

  /** The first column of every row as numbers, sorted. */
  List<Long> ids(String sql) throws SQLException {
    List<Long> values = new java.util.ArrayList<>();
    try (Connection c = admin(); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getLong(1));
      }
    }
    return values.stream().sorted().toList();
  }

  @Override
  public void close() throws IOException {
    db.close();
  }
}
