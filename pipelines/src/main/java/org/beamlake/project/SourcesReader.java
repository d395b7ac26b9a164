package org.beamlake.project;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.beamlake.capture.http.CaptureHttp;

/** Reads the settings of {@code http} and {@code jdbc} sources; each mistake is reported at its key. */
final class SourcesReader {
  static final List<String> TYPES = List.of("files", "http", "jdbc");
  static final List<String> FILES = List.of("type", "path", "sample");
  static final List<String> HTTP = List.of("type", "url", "params", "headers", "for_each", "paging", "retries",
      "rate_limit", "concurrency", "timeout", "sample");
  static final List<String> PAGING = List.of("type", "param", "size", "size_param", "records_at", "total_at",
      "pages_at", "next_at");
  static final List<String> JDBC = List.of("type", "url", "user", "password", "tables", "sample");
  static final List<String> TABLE = List.of("table", "query", "name", "split_by", "partitions", "watermark");
  /** A table, column or {@code schema.table} name: checked here, quoted by the capture, never pasted. */
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

  Optional<HttpSourceConfig> http(YamlNode node) {
    Optional<String> url = Optional.ofNullable(node.require("url", "the API's URL")).flatMap(YamlNode::text);
    if (url.isPresent() && !url.get().matches("(?i)(https?://|\\$\\{env:).*")) {
      node.get("url").error("expected an http(s) URL (or one starting with an ${env:NAME} reference), got '"
          + url.get() + "'");
    }
    Map<String, String> params = strings(node.get("params"));
    Map<String, String> headers = strings(node.get("headers"));
    List<Map<String, String>> forEach = new ArrayList<>();
    YamlNode each = node.get("for_each");
    if (each != null) {
      for (YamlNode item : each.items()) {
        forEach.add(strings(item));
      }
    }
    HttpSourceConfig.Paging paging = paging(node.get("paging"));
    int retries = Optional.ofNullable(node.get("retries")).flatMap(n -> n.integer(1)).orElse(5);
    double rate = Optional.ofNullable(node.get("rate_limit")).flatMap(YamlNode::number).orElse(0.0);
    if (rate < 0) {
      node.get("rate_limit").error("expected requests per second >= 0, got " + rate);
    }
    int concurrency = Optional.ofNullable(node.get("concurrency")).flatMap(n -> n.integer(1)).orElse(0);
    if (concurrency > CaptureHttp.MAX_CONCURRENCY) {
      node.get("concurrency").error("expected at most " + CaptureHttp.MAX_CONCURRENCY + " series at once, got "
          + concurrency);
    }
    Duration timeout = Optional.ofNullable(node.get("timeout")).flatMap(SourcesReader::duration)
        .orElse(Duration.ofSeconds(30));
    return url.map(u -> new HttpSourceConfig(u, params, headers, forEach, paging, retries, rate, concurrency,
        timeout));
  }

  private static HttpSourceConfig.Paging paging(YamlNode node) {
    if (node == null) {
      return new HttpSourceConfig.Paging(HttpSourceConfig.PagingType.NONE, null, 0, null, null, null, null, null);
    }
    node.allowOnly(PAGING);
    HttpSourceConfig.PagingType type = Optional.ofNullable(node.require("type", "offset, page, cursor or none"))
        .flatMap(n -> n.choice(List.of("offset", "page", "cursor", "none")))
        .map(t -> HttpSourceConfig.PagingType.valueOf(t.toUpperCase(Locale.ROOT)))
        .orElse(HttpSourceConfig.PagingType.NONE);
    String param = text(node.get("param"));
    int size = Optional.ofNullable(node.get("size")).flatMap(n -> n.integer(1)).orElse(0);
    String recordsAt = pointer(node.get("records_at"));
    String totalAt = pointer(node.get("total_at"));
    String pagesAt = pointer(node.get("pages_at"));
    String nextAt = pointer(node.get("next_at"));
    switch (type) {
      case OFFSET:
        if (param == null || size == 0 || totalAt == null) {
          node.error("offset paging needs param (e.g. skip), size and total_at (e.g. /count)");
        }
        break;
      case PAGE:
        if (param == null || pagesAt == null) {
          node.error("page paging needs param (e.g. page) and pages_at (e.g. /0/pages)");
        }
        break;
      default:
        break;
    }
    return new HttpSourceConfig.Paging(type, param, size, text(node.get("size_param")), recordsAt, totalAt, pagesAt,
        nextAt);
  }

  Optional<JdbcSourceConfig> jdbc(YamlNode node) {
    Optional<String> url = Optional.ofNullable(node.require("url", "a JDBC URL")).flatMap(YamlNode::text);
    if (url.isPresent() && !url.get().startsWith("jdbc:") && !url.get().startsWith("${env:")) {
      node.get("url").error("expected a JDBC URL (jdbc:postgresql://…, jdbc:mariadb://…) or an ${env:NAME} reference, got '" + url.get() + "'");
    }
    for (String key : List.of("user", "password")) {
      String value = text(node.get(key));
      if (value != null && key.equals("password") && !value.isEmpty() && !value.contains("${env:")) {
        node.get(key).error("a password must not be written in the project; use an ${env:NAME} reference");
      }
    }
    List<JdbcSourceConfig.Table> tables = new ArrayList<>();
    YamlNode list = node.require("tables", "a list of tables or queries");
    if (list != null) {
      for (YamlNode item : list.items()) {
        table(item).ifPresent(tables::add);
      }
    }
    return url.map(u -> new JdbcSourceConfig(u, text(node.get("user")), text(node.get("password")), tables));
  }

  private static Optional<JdbcSourceConfig.Table> table(YamlNode item) {
    if (item.isScalar()) {
      return item.text().filter(name -> identifier(item, name))
          .map(name -> new JdbcSourceConfig.Table(name, null, null, 1, null));
    }
    item.allowOnly(TABLE);
    String table = text(item.get("table"));
    String query = text(item.get("query"));
    String name = text(item.get("name"));
    if ((table == null) == (query == null)) {
      item.error("expected either table: NAME or query: SQL with name: NAME");
      return Optional.empty();
    }
    if (query != null && name == null) {
      item.error("a query needs a name: the directory its rows are captured into");
      return Optional.empty();
    }
    String splitBy = text(item.get("split_by"));
    String watermark = text(item.get("watermark"));
    int partitions = Optional.ofNullable(item.get("partitions")).flatMap(n -> n.integer(1)).orElse(splitBy == null ? 1 : 4);
    boolean ok = (table == null || identifier(item.get("table"), table))
        && (name == null || identifier(item.get("name"), name))
        && (splitBy == null || identifier(item.get("split_by"), splitBy))
        && (watermark == null || identifier(item.get("watermark"), watermark));
    return ok ? Optional.of(new JdbcSourceConfig.Table(table != null ? table : name, query, splitBy, partitions, watermark))
        : Optional.empty();
  }

  private static boolean identifier(YamlNode node, String name) {
    if (!IDENTIFIER.matcher(name).matches()) {
      node.error("'" + name + "' is not a plain identifier (letters, digits, _ and $, optionally schema.name)");
      return false;
    }
    return true;
  }

  private static Map<String, String> strings(YamlNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null) {
      node.entries().forEach((k, v) -> v.text().ifPresent(t -> out.put(k, t)));
    }
    return out;
  }

  private static String text(YamlNode node) {
    return node == null || node.isNull() ? null : node.text().orElse(null);
  }

  private static String pointer(YamlNode node) {
    String p = text(node);
    if (p != null && !p.startsWith("/")) {
      node.error("expected a JSON pointer starting with '/', got '" + p + "'");
      return null;
    }
    return p;
  }

  /** {@code 30s}, {@code 2m}, {@code 500ms} or ISO-8601 ({@code PT30S}). */
  static Optional<Duration> duration(YamlNode node) {
    Optional<String> text = node.text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String t = text.get().trim().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("\\d+ms")) {
        return Optional.of(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))));
      } else if (t.matches("\\d+s")) {
        return Optional.of(Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1))));
      } else if (t.matches("\\d+m")) {
        return Optional.of(Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1))));
      }
      return Optional.of(Duration.parse(text.get().trim()));
    } catch (DateTimeParseException | NumberFormatException e) {
      node.error("expected a duration such as 30s, 2m or 500ms, got '" + text.get() + "'");
      return Optional.empty();
    }
  }
}
