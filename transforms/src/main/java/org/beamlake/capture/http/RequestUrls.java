package org.beamlake.capture.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.beamlake.capture.Secrets;

/**
 * The URLs of one series: the template with its {@code {param}} placeholders filled from the
 * series, its {@code ${env:NAME}} references resolved, and the query parameters (configured, the
 * series' other parameters, and the paging ones) appended in name order, so a URL is the same on
 * every run.
 */
final class RequestUrls {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final String base;
  private final SortedMap<String, String> query;
  private final Secrets secrets;

  RequestUrls(String template, SortedMap<String, String> configuredQuery, Series series,
      Secrets secrets) {
    Set<String> inPath = placeholders(template);
    this.query = new TreeMap<>(configuredQuery);
    series.parameters().forEach((name, value) -> {
      if (!inPath.contains(name)) {
        query.put(name, value);
      }
    });
    this.base = fill(template, series.parameters());
    this.secrets = secrets;
  }

  /** The names of the {@code {param}} placeholders in {@code template}, in order. */
  static Set<String> placeholders(String template) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Whether {@code template}, placeholders and references aside, is an absolute http(s) URL. */
  static boolean isHttpUrl(String template) {
    String plain = PLACEHOLDER.matcher(template).replaceAll("x").replaceAll("\\$\\{env:[^}]*}", "x");
    try {
      URI uri = new URI(plain);
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** {@code scheme://host:port} of {@code uri}, the default port made explicit. */
  static String origin(URI uri) {
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://"
        + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  /** The URL with the paging parameters added to the query. */
  URI with(Map<String, String> paging) {
    SortedMap<String, String> all = new TreeMap<>(query);
    all.putAll(paging);
    StringBuilder url = new StringBuilder(secrets.resolve(base));
    char separator = url.indexOf("?") < 0 ? '?' : '&';
    for (Map.Entry<String, String> p : all.entrySet()) {
      url.append(separator).append(encode(p.getKey())).append('=')
          .append(encode(secrets.resolve(p.getValue())));
      separator = '&';
    }
    try {
      return new URI(url.toString());
    } catch (URISyntaxException e) {
      // The message would quote the resolved URL: redact it and keep no cause.
      List<String> configured = new ArrayList<>(all.values());
      configured.add(base);
      throw new IllegalArgumentException(
          "not a valid URL: " + secrets.redact(url.toString(), configured), null);
    }
  }

  private static String fill(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("URL placeholder {" + m.group(1) + "} has no value");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(encode(value).replace("+", "%20")));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
