package org.beamlake.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.beamlake.lake.TableQuery;
import org.beamlake.lake.TableReader;
import org.beamlake.schema.ColumnType;

/**
 * One declared chart turned into a Chart.js configuration over the rows of its committed table: a
 * dataset per {@code series} value, rows ordered by {@code x}, rows without an x or y left out.
 * {@link #points} is how many points the page must draw, which the page reports back once drawn.
 */
record ChartSpec(String table, String title, String type, String runId, int points, Map<String, Object> config) {
  /** Colours that stay apart for the colour-blind (Okabe-Ito), then repeat. */
  static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
      "#F0E442", "#000000");

  static ChartSpec of(JsonNode chart, TableReader.Table data) {
    String type = chart.get("type").asText();
    String x = chart.get("x").asText();
    String y = chart.get("y").asText();
    String series = chart.hasNonNull("series") ? chart.get("series").asText() : null;
    Schema schema = data.schema();
    TableQuery query = TableQuery.of(schema);
    for (var it = chart.path("where").fields(); it.hasNext(); ) {
      var filter = it.next();
      List<String> values = new ArrayList<>();
      filter.getValue().forEach(v -> values.add(v.asText()));
      query = query.where(filter.getKey(), values);
    }
    if (series != null) {
      query = query.orderBy(series, false);
    }
    List<Row> rows = query.orderBy(x, false).apply(data.rows());
    boolean numericX = isNumber(schema, x);
    boolean categories = type.equals("bar") || (type.equals("line") && !numericX);

    List<Object> labels = new ArrayList<>();
    Map<String, Map<Object, Object>> bySeries = new TreeMap<>(); // series -> x -> y, for categories
    Map<String, List<Map<String, Object>>> pointsBySeries = new TreeMap<>();
    int points = 0;
    for (Row row : rows) {
      Object xValue = row.getValue(x);
      Object yValue = row.getValue(y);
      if (xValue == null || yValue == null) {
        continue;
      }
      String name = series == null ? y : String.valueOf((Object) row.getValue(series));
      Object xJson = !numericX ? xValue.toString()
          : xValue instanceof java.math.BigDecimal ? ((Number) xValue).doubleValue() : xValue;
      double yNumber = ((Number) yValue).doubleValue();
      if (categories) {
        if (!labels.contains(xJson)) {
          labels.add(xJson);
        }
        if (bySeries.computeIfAbsent(name, k -> new LinkedHashMap<>()).putIfAbsent(xJson, yNumber) == null) {
          points++; // a second row for the same x and series has no bar of its own
        }
      } else {
        pointsBySeries.computeIfAbsent(name, k -> new ArrayList<>()).add(Map.of("x", xJson, "y", yNumber));
        points++;
      }
    }
    if (categories && numericX) {
      labels.sort((a, b) -> Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue()));
    }
    List<Map<String, Object>> datasets = new ArrayList<>();
    for (String name : categories ? bySeries.keySet() : pointsBySeries.keySet()) {
      Map<String, Object> dataset = new LinkedHashMap<>();
      dataset.put("label", name);
      if (categories) {
        List<Object> values = new ArrayList<>();
        labels.forEach(label -> values.add(bySeries.get(name).get(label)));
        dataset.put("data", values);
      } else {
        dataset.put("data", pointsBySeries.get(name));
      }
      String colour = PALETTE.get(datasets.size() % PALETTE.size());
      dataset.put("borderColor", colour);
      dataset.put("backgroundColor", type.equals("line") ? colour : colour + "cc");
      if (!type.equals("bar")) {
        dataset.put("pointRadius", type.equals("scatter") ? 5 : 3);
      }
      datasets.add(dataset);
    }
    Map<String, Object> dataNode = new LinkedHashMap<>();
    if (categories) {
      dataNode.put("labels", labels);
    }
    dataNode.put("datasets", datasets);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("type", type);
    config.put("data", dataNode);
    config.put("options", options(x, y, series != null, categories));
    return new ChartSpec(chart.get("table").asText(), chart.path("title").asText(y + " by " + x), type,
        data.commit().runId(), points, config);
  }

  private static Map<String, Object> options(String x, String y, boolean legend, boolean categories) {
    Map<String, Object> scales = new LinkedHashMap<>();
    Map<String, Object> xScale = new LinkedHashMap<>();
    xScale.put("type", categories ? "category" : "linear");
    xScale.put("title", Map.of("display", true, "text", x));
    if (!categories) {
      xScale.put("ticks", Map.of("format", Map.of("useGrouping", false))); // years read 2010, not 2,010
    }
    scales.put("x", xScale);
    scales.put("y", Map.of("title", Map.of("display", true, "text", y)));
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("animation", false); // drawn at once: what a screenshot or a printout shows is final
    options.put("responsive", true);
    options.put("maintainAspectRatio", false);
    options.put("plugins", Map.of("legend", Map.of("display", legend, "position", "right")));
    options.put("scales", scales);
    return options;
  }

  private static boolean isNumber(Schema schema, String column) {
    ColumnType type = ColumnType.of(schema.getField(column).getType());
    return type == ColumnType.INT || type == ColumnType.LONG || type == ColumnType.DOUBLE || type == ColumnType.DECIMAL;
  }
}
