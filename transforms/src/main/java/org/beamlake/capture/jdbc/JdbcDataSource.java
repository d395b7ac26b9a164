package org.beamlake.capture.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.io.jdbc.JdbcIO.DataSourceConfiguration;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.beamlake.capture.Secrets;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The connection settings as configured, with {@code ${env:NAME}} references unresolved: they are
 * resolved only here, on the worker, into JdbcIO's {@link DataSourceConfiguration} (whose pooled
 * data source JdbcIO keeps per JVM). The graph and its display data never hold a resolved value.
 */
final class JdbcDataSource implements SerializableFunction<Void, DataSource> {
  private static final long serialVersionUID = 1L;

  private final String driverClassName;
  private final String url;
  private final @Nullable String username;
  private final @Nullable String password;
  private final List<String> connectionInitSqls;
  private final Secrets secrets;

  JdbcDataSource(String driverClassName, String url, @Nullable String username, @Nullable String password,
      List<String> connectionInitSqls, Secrets secrets) {
    this.driverClassName = driverClassName;
    this.url = url;
    this.username = username;
    this.password = password;
    this.connectionInitSqls = List.copyOf(connectionInitSqls);
    this.secrets = secrets;
  }

  @Override
  public DataSource apply(Void ignored) {
    DataSourceConfiguration config = DataSourceConfiguration.create(driverClassName, secrets.resolve(url));
    if (username != null) {
      config = config.withUsername(secrets.resolve(username));
    }
    if (password != null) {
      config = config.withPassword(secrets.resolve(password));
    }
    if (!connectionInitSqls.isEmpty()) {
      config = config.withConnectionInitSqls(connectionInitSqls);
    }
    return JdbcIO.DataSourceProviderFromDataSourceConfiguration.of(config).apply(null);
  }

  /** {@code text} with the value of every reference in the URL, user and password masked. */
  String redact(String text) {
    List<String> configured = new ArrayList<>();
    configured.add(url);
    configured.add(username);
    configured.add(password);
    return secrets.redact(text, configured);
  }

  /**
   * An error for people: what failed and the database's own message (the innermost SQL error, with
   * its SQLState), redacted. The original is not kept as the cause, since its message is not.
   */
  IllegalStateException failure(String what, Exception e) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        root = t;
      }
    }
    String state = root instanceof SQLException ? ((SQLException) root).getSQLState() : null;
    String message = what + ": " + root.getMessage() + (state == null ? "" : " (SQLState " + state + ")");
    IllegalStateException failure = new IllegalStateException(redact(message));
    failure.setStackTrace(e.getStackTrace());
    return failure;
  }
}
