package org.beamlake.capture.jdbc;

import java.util.List;
import java.util.Locale;

/**
 * The databases a capture knows, recognised by the JDBC URL's scheme: how they quote names, which
 * driver they load, and what each new connection runs first.
 */
enum JdbcDialect {
  POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver", '"', List.of()),
  // A MySQL TIMESTAMP is an instant shown in the session's time zone: read it in UTC.
  MARIADB("jdbc:mariadb:", "org.mariadb.jdbc.Driver", '`', List.of("SET time_zone = '+00:00'")),
  MYSQL("jdbc:mysql:", "com.mysql.cj.jdbc.Driver", '`', List.of("SET time_zone = '+00:00'"));

  private final String scheme;
  private final String driverClassName;
  private final char quote;
  private final List<String> connectionInitSqls;

  JdbcDialect(String scheme, String driverClassName, char quote, List<String> connectionInitSqls) {
    this.scheme = scheme;
    this.driverClassName = driverClassName;
    this.quote = quote;
    this.connectionInitSqls = connectionInitSqls;
  }

  /** The dialect of a URL as configured, or an error naming only its scheme (the rest may hold secrets). */
  static JdbcDialect of(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    for (JdbcDialect dialect : values()) {
      if (lower.startsWith(dialect.scheme)) {
        return dialect;
      }
    }
    int second = url.indexOf(':', url.indexOf(':') + 1);
    String scheme = second < 0 ? url.substring(0, Math.min(url.length(), 16)) : url.substring(0, second + 1);
    throw new IllegalArgumentException("unsupported JDBC URL starting '" + scheme
        + "': expected one starting with jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:");
  }

  String driverClassName() {
    return driverClassName;
  }

  List<String> connectionInitSqls() {
    return connectionInitSqls;
  }

  boolean isMySqlFamily() {
    return this != POSTGRESQL;
  }

  /** A name already checked by {@link Identifiers}, each part quoted. */
  String quote(String checkedName) {
    StringBuilder out = new StringBuilder();
    for (String part : checkedName.split("\\.")) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(quote).append(part).append(quote);
    }
    return out.toString();
  }

  /**
   * The URL for people to read: without {@code jdbc:}, parameters and user info, e.g. {@code
   * postgresql://127.0.0.1:5432/sakila}. References stay as written, never resolved.
   */
  static String describe(String url) {
    String shown = url.substring("jdbc:".length());
    int cut = indexOfAny(shown, '?', ';');
    if (cut >= 0) {
      shown = shown.substring(0, cut);
    }
    int hosts = shown.indexOf("//");
    int at = shown.lastIndexOf('@');
    int path = shown.indexOf('/', hosts + 2);
    if (hosts >= 0 && at > hosts && (path < 0 || at < path)) {
      shown = shown.substring(0, hosts + 2) + shown.substring(at + 1);
    }
    return shown;
  }

  private static int indexOfAny(String s, char a, char b) {
    int ia = s.indexOf(a);
    int ib = s.indexOf(b);
    return ia < 0 ? ib : ib < 0 ? ia : Math.min(ia, ib);
  }
}
