package org.beamlake.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request's query string as names to values, in order; a name may repeat. */
final class QueryParameters {
  private final Map<String, List<String>> values;

  private QueryParameters(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Parses a raw (still encoded) query; null is none. Bad percent-encoding is a 400. */
  static QueryParameters parse(String rawQuery) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
    }
    return new QueryParameters(values);
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter(raw, "malformed percent-encoding in the query: '" + raw + "'");
    }
  }

  Map<String, List<String>> all() {
    return values;
  }

  /** The one value of {@code name}, or null if not given; given twice is a 400. */
  String single(String name) {
    List<String> given = values.get(name);
    if (given == null) {
      return null;
    }
    if (given.size() > 1) {
      throw ApiException.badParameter(name, name + ": given " + given.size() + " times; give it once");
    }
    return given.get(0);
  }

  /** An integer parameter from {@code min} to {@code max}, or {@code fallback} if not given. */
  int integer(String name, int min, int max, int fallback) {
    String text = single(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    String range = max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max;
    throw ApiException.badParameter(name, name + ": expected " + range + ", got '" + text + "'");
  }

  /** Refuses any parameter: for endpoints that take none. */
  void requireNone(String endpoint) {
    for (String name : values.keySet()) {
      throw ApiException.badParameter(name, "unknown parameter '" + name + "': " + endpoint + " takes no parameters");
    }
  }
}
