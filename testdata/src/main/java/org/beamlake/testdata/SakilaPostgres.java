package org.beamlake.testdata;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * A real PostgreSQL 17 on 127.0.0.1 holding the Sakila DVD-rental database ({@code
 * testdata/dvd-rental/sakila}) in database {@code sakila}, with a read-only role whose password is
 * made up at start: what the dvd-rental demo captures from, in the sandbox and the tests. Only the
 * superuser connects without a password, and only from this machine.
 *
 * <pre>{@code
 * try (SakilaPostgres db = SakilaPostgres.start(Path.of("testdata/dvd-rental/sakila"), 0)) {
 *   db.url();  db.user();  db.password();
 * }
 * }</pre>
 */
public final class SakilaPostgres implements AutoCloseable {
  /** The read-only role. */
  public static final String USER = "sakila_reader";

  private final EmbeddedPostgres server;
  private final String password;

  private SakilaPostgres(EmbeddedPostgres server, String password) {
    this.server = server;
    this.password = password;
  }

  /** Starts on 127.0.0.1:{@code port} (0: a free one) and loads Sakila from {@code sakilaDir}. */
  public static SakilaPostgres start(Path sakilaDir, int port) throws IOException {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    return start(sakilaDir, port, "pw-" + HexFormat.of().formatHex(random));
  }

  /** As {@link #start(Path, int)}, with the read-only role's password given (tests). */
  public static SakilaPostgres start(Path sakilaDir, int port, String readerPassword) throws IOException {
    if (!Files.isRegularFile(sakilaDir.resolve("postgres-sakila-schema.sql"))) {
      throw new IOException("no Sakila scripts in " + sakilaDir);
    }
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectoryCustomizer(dir -> write(dir.toPath().resolve("pg_hba.conf"), String.join("\n",
            "local all all trust",
            "host all postgres 127.0.0.1/32 trust",
            "host all all 127.0.0.1/32 scram-sha-256", "")))
        .setServerConfig("listen_addresses", "127.0.0.1");
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres server = builder.start();
    SakilaPostgres db = new SakilaPostgres(server, readerPassword);
    try {
      try (Connection c = DriverManager.getConnection(db.url("postgres"), "postgres", "")) {
        execute(c, "CREATE DATABASE sakila", "CREATE ROLE " + USER + " LOGIN PASSWORD '" + db.password + "'");
      }
      try (Connection c = db.admin()) {
        load(c, sakilaDir);
        execute(c, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + USER);
      }
      return db;
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw new IOException("could not load Sakila into PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static void load(Connection c, Path dir) throws SQLException, IOException {
    execute(c, Files.readString(dir.resolve("postgres-sakila-schema.sql"), StandardCharsets.UTF_8));
    CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
    List<String> statements = new ArrayList<>();
    List<String> lines = Files.readAllLines(dir.resolve("postgres-sakila-insert-data-using-copy.sql"), StandardCharsets.UTF_8);
    // The dump is in its own order (staff before store): keys are checked once all is loaded.
    execute(c, "SET session_replication_role = replica");
    StringBuilder statement = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("COPY ")) {
        StringBuilder data = new StringBuilder();
        for (i++; !lines.get(i).equals("\\."); i++) {
          data.append(lines.get(i)).append('\n');
        }
        copy.copyIn(line, new StringReader(data.toString()));
      } else if (!line.startsWith("--") && !line.isBlank()) {
        statement.append(line).append('\n');
        if (line.strip().endsWith(";")) {
          statements.add(statement.toString());
          statement.setLength(0);
        }
      }
    }
    execute(c, statements.toArray(String[]::new));
    execute(c, "SET session_replication_role = DEFAULT");
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/sakila}. */
  public String url() {
    return url("sakila");
  }

  /** The read-only role. */
  public String user() {
    return USER;
  }

  /** The read-only role's password, made up at start. */
  public String password() {
    return password;
  }

  /** A superuser connection, for tests that change the data. */
  public Connection admin() throws SQLException {
    return DriverManager.getConnection(url(), "postgres", "");
  }

  static void execute(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  private static void write(Path file, String text) {
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
