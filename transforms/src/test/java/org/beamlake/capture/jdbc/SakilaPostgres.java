package org.beamlake.capture.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.beamlake.capture.jdbc.SakilaFiles.CopyBlock;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * A real PostgreSQL 17 on 127.0.0.1 with the Sakila schema and data in database {@code sakila}.
 * The superuser connects without a password; every other role must give its password.
 */
final class SakilaPostgres implements AutoCloseable {
  static final String USER = "bl_reader_q7";
  static final String PASSWORD = "pg-Pa55word-9f3c";

  private final EmbeddedPostgres server;

  private SakilaPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  static SakilaPostgres start() throws Exception {
    EmbeddedPostgres server = EmbeddedPostgres.builder()
        .setDataDirectoryCustomizer(dir -> write(dir.toPath().resolve("pg_hba.conf"), String.join("\n",
            "local all all trust",
            "host all postgres 127.0.0.1/32 trust",
            "host all postgres ::1/128 trust",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256", "")))
        .start();
    SakilaPostgres db = new SakilaPostgres(server);
    try (Connection c = DriverManager.getConnection(db.url("postgres"), "postgres", "")) {
      execute(c, "CREATE DATABASE sakila", "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
    }
    try (Connection c = db.admin()) {
      load(c);
      execute(c, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + USER);
    }
    return db;
  }

  private static void load(Connection c) throws Exception {
    execute(c, SakilaFiles.read("postgres-sakila-schema.sql"));
    List<String> statements = new ArrayList<>();
    List<CopyBlock> blocks = new ArrayList<>(SakilaFiles.copyBlocks(statements).values());
    CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
    // The blocks are in dump order (staff before store): check the keys only once all is loaded.
    execute(c, "SET session_replication_role = replica");
    for (CopyBlock block : blocks) {
      copy.copyIn(block.header(), new StringReader(String.join("\n", block.lines()) + "\n"));
    }
    execute(c, statements.toArray(String[]::new));
    execute(c, "SET session_replication_role = DEFAULT");
  }

  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
  }

  /** The capture's URL. */
  String url() {
    return url("sakila");
  }

  /** {@code postgresql://127.0.0.1:PORT/sakila}, as a capture describes it. */
  String described() {
    return "postgresql://127.0.0.1:" + server.getPort() + "/sakila";
  }

  Connection admin() throws SQLException {
    return DriverManager.getConnection(url(), "postgres", "");
  }

  void execute(String... sql) throws SQLException {
    try (Connection c = admin()) {
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

  private static void write(java.nio.file.Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
