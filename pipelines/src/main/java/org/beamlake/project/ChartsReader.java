package org.beamlake.project;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a table's {@code charts:} list; every mistake is reported at its key. Whether the columns
 * exist and are numbers is checked later, against the query's columns ({@code ProjectValidator}).
 */
final class ChartsReader {
  static final List<String> KEYS = List.of("type", "x", "y", "series", "title", "where");
  static final List<String> TYPES = List.of("bar", "line", "scatter");

  private ChartsReader() {}

  static List<ChartConfig> charts(YamlNode node) {
    List<ChartConfig> charts = new ArrayList<>();
    for (YamlNode item : node.items()) {
      chart(item).ifPresent(charts::add);
    }
    return charts;
  }

  private static Optional<ChartConfig> chart(YamlNode node) {
    if (!node.isMap()) {
      node.entries(); // reports "expected a map"
      return Optional.empty();
    }
    node.allowOnly(KEYS);
    Optional<ChartConfig.Type> type = Optional.ofNullable(node.require("type", "one of " + String.join(", ", TYPES)))
        .flatMap(n -> n.choice(TYPES)).map(t -> ChartConfig.Type.valueOf(t.toUpperCase(java.util.Locale.ROOT)));
    Optional<String> x = Optional.ofNullable(node.require("x", "the column along the x axis")).flatMap(YamlNode::text);
    Optional<String> y = Optional.ofNullable(node.require("y", "the numeric column to plot")).flatMap(YamlNode::text);
    String series = Optional.ofNullable(node.get("series")).flatMap(YamlNode::text).orElse(null);
    String title = Optional.ofNullable(node.get("title")).flatMap(YamlNode::text).orElse(null);
    Map<String, List<String>> where = new LinkedHashMap<>();
    YamlNode whereNode = node.get("where");
    if (whereNode != null) {
      whereNode.entries().forEach((column, values) -> {
        List<String> list = values.names();
        if (list.isEmpty()) {
          values.error("expected a value or a list of values");
        } else {
          where.put(column, List.copyOf(list));
        }
      });
    }
    if (type.isEmpty() || x.isEmpty() || y.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ChartConfig(type.get(), x.get(), y.get(), series, title, where, node.where()));
  }
}
