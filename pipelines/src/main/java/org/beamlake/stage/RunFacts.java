package org.beamlake.stage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.beamlake.project.ChartConfig;
import org.beamlake.project.DatasetConfig;
import org.beamlake.project.Project;
import org.beamlake.project.TableConfig;

/** What the run manifest records from the project for the report: lineage and charts, as plain JSON values. */
final class RunFacts {
  private RunFacts() {}

  /**
   * {@code {"sources": {name: type}, "datasets": {name: {"source": s, "uses": [datasets]}},
   * "tables": {name: [datasets]}}}: where each refined table comes from.
   */
  static Map<String, Object> lineage(Project project) {
    Map<String, Object> sources = new LinkedHashMap<>();
    project.sources().forEach((name, source) -> sources.put(name, source.type()));
    Map<String, Object> datasets = new LinkedHashMap<>();
    for (DatasetConfig d : project.datasets().values()) {
      Map<String, Object> dataset = new LinkedHashMap<>();
      dataset.put("source", d.source());
      dataset.put("uses", BuildOrder.dependencies(d).stream().distinct().sorted().toList());
      datasets.put(d.name(), dataset);
    }
    Map<String, Object> tables = new LinkedHashMap<>();
    for (TableConfig t : project.tables().values()) {
      tables.put(t.name(), project.datasets().keySet().stream().filter(d -> AnalyticsStage.mentions(t.sql(), d))
          .sorted().toList());
    }
    Map<String, Object> lineage = new LinkedHashMap<>();
    lineage.put("sources", sources);
    lineage.put("datasets", datasets);
    lineage.put("tables", tables);
    return lineage;
  }

  /** Every declared chart, in project order: table, type, title, x, y, series, where. */
  static List<Map<String, Object>> charts(Project project) {
    List<Map<String, Object>> charts = new ArrayList<>();
    for (TableConfig t : project.tables().values()) {
      for (ChartConfig c : t.charts()) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("table", t.name());
        chart.put("type", c.type().yamlName());
        chart.put("title", c.displayTitle());
        chart.put("x", c.x());
        chart.put("y", c.y());
        chart.put("series", c.series());
        chart.put("where", c.where());
        charts.add(chart);
      }
    }
    return charts;
  }
}
