package org.beamlake.report;

import static org.beamlake.report.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The report's HTML, section by section, from the run record and what was read from the lake. */
final class ReportPage {
  /** A chart that could be drawn, or why not (its table is not committed yet). */
  record Chart(JsonNode declared, ChartSpec spec, String missing) {}

  private final JsonNode run;
  private final String lakeBase;
  private final Map<String, QuarantineSummary.Dataset> quarantine;
  private final List<Chart> charts;
  private final StringBuilder html = new StringBuilder();

  ReportPage(JsonNode run, String lakeBase, Map<String, QuarantineSummary.Dataset> quarantine, List<Chart> charts) {
    this.run = run;
    this.lakeBase = lakeBase;
    this.quarantine = quarantine;
    this.charts = charts;
  }

  String render(String css, String chartLibrary, String script) {
    String runId = run.path("run_id").asText();
    String project = run.path("project").asText();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        // Nothing is fetched: everything the page needs is in it.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; ")
        .append("style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(project)).append(" · run ").append(escape(runId)).append("</title>\n")
        .append("<style>\n").append(css).append("</style>\n</head>\n<body>\n");
    html.append("<header><h1>").append(escape(project)).append(" <span class=\"run\">run ").append(escape(runId))
        .append("</span></h1>\n<p class=\"meta\">").append(escape(run.path("runner").asText()))
        .append(run.path("sample").asBoolean() ? " · sample data" : "").append(" · beamlake ")
        .append(escape(run.at("/versions/beamlake").asText())).append(" · Apache Beam ")
        .append(escape(run.at("/versions/beam").asText())).append(" · Java ").append(escape(run.at("/versions/java").asText()))
        .append(" · lake <code>").append(escape(lakeBase)).append("</code></p></header>\n<main>\n");
    timeline();
    outputs();
    quarantine();
    models();
    html.append(LineageGraph.svg(run.path("lineage")));
    charts();
    html.append("</main>\n");
    List<Map<String, Object>> specs = new ArrayList<>();
    for (int i = 0; i < charts.size(); i++) {
      if (charts.get(i).spec() != null) {
        specs.add(Map.of("id", "chart-" + i, "config", charts.get(i).spec().config()));
      }
    }
    html.append("<script type=\"application/json\" id=\"report-charts\">").append(Html.scriptJson(specs)).append("</script>\n")
        .append("<script>\n").append(chartLibrary).append("\n</script>\n")
        .append("<script>\n").append(script).append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  private void timeline() {
    html.append("<section id=\"timeline\"><h2>Stages</h2>\n");
    List<Map.Entry<String, JsonNode>> stages = new ArrayList<>();
    run.path("stages").fields().forEachRemaining(stages::add);
    if (stages.isEmpty()) {
      html.append("<p>No stage has run.</p></section>\n");
      return;
    }
    Instant first = null;
    Instant last = null;
    for (Map.Entry<String, JsonNode> stage : stages) {
      Instant start = Instant.parse(stage.getValue().path("startedAt").asText());
      Instant end = start.plusMillis(stage.getValue().path("durationMillis").asLong());
      first = first == null || start.isBefore(first) ? start : first;
      last = last == null || end.isAfter(last) ? end : last;
    }
    double total = Math.max(1, Duration.between(first, last).toMillis());
    html.append("<div class=\"timeline\">\n");
    for (Map.Entry<String, JsonNode> stage : stages) {
      JsonNode s = stage.getValue();
      Instant start = Instant.parse(s.path("startedAt").asText());
      double left = Duration.between(first, start).toMillis() / total * 100;
      double width = Math.max(0.5, s.path("durationMillis").asLong() / total * 100);
      String status = s.path("status").asText();
      html.append(String.format(java.util.Locale.ROOT, "<div class=\"stage %s\" data-stage=\"%s\"><span class=\"name\">%s</span>"
              + "<span class=\"track\"><span class=\"bar\" style=\"left:%.2f%%;width:%.2f%%\"></span></span>"
              + "<span class=\"took\">%.1f s · %s</span></div>\n", escape(status), escape(stage.getKey()), escape(stage.getKey()),
          left, Math.min(width, 100 - left), s.path("durationMillis").asLong() / 1000.0, escape(status)));
      if (s.hasNonNull("error")) {
        html.append("<p class=\"error\">").append(escape(stage.getKey())).append(": ")
            .append(escape(s.get("error").asText())).append("</p>\n");
      }
    }
    html.append("</div><p class=\"meta\">started ").append(escape(first)).append(", ")
        .append(String.format(java.util.Locale.ROOT, "%.1f s", total / 1000.0)).append(" in all</p></section>\n");
  }

  private void outputs() {
    html.append("<section id=\"zones\"><h2>What each zone received</h2>\n<table class=\"zones\"><thead><tr><th>zone</th>"
        + "<th>name</th><th class=\"n\">count</th><th>stage</th><th>location</th></tr></thead><tbody>\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = run.path("stages").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> stage = it.next();
      for (JsonNode output : stage.getValue().path("outputs")) {
        String zone = output.path("zone").asText();
        String location = output.path("location").asText();
        html.append("<tr data-zone=\"").append(escape(zone)).append("\"><td>").append(escape(zone)).append("</td><td>")
            .append(escape(output.path("name").asText())).append("</td><td class=\"n\">")
            .append(String.format(java.util.Locale.ROOT, "%,d", output.path("rows").asLong()))
            .append(zone.equals("raw") ? " files" : zone.equals("quarantine") ? " records" : " rows").append("</td><td>")
            .append(escape(stage.getKey())).append("</td><td><code>")
            .append(escape(location.startsWith(lakeBase) ? location.substring(lakeBase.length()) : location))
            .append("</code></td></tr>\n");
      }
    }
    html.append("</tbody></table>\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = run.path("stages").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> stage = it.next();
      if (stage.getValue().path("counts").size() == 0) {
        continue;
      }
      html.append("<details><summary>").append(escape(stage.getKey())).append(" counters</summary><table class=\"counts\">");
      stage.getValue().path("counts").fields().forEachRemaining(c -> html.append("<tr><td>").append(escape(c.getKey()))
          .append("</td><td class=\"n\">").append(String.format(java.util.Locale.ROOT, "%,d", c.getValue().asLong()))
          .append("</td></tr>"));
      html.append("</table></details>\n");
    }
    html.append("</section>\n");
  }

  /** Each model's metrics: one row per group for regressions, the whole model's for k-means. */
  private void models() {
    JsonNode models = run.path("models");
    if (models.isMissingNode() || models.isEmpty()) {
      return;
    }
    html.append("<section id=\"models\"><h2>Models</h2>\n");
    models.fields().forEachRemaining(entry -> {
      JsonNode model = entry.getValue();
      html.append("<h3>").append(escape(entry.getKey())).append(" <span class=\"meta\">")
          .append(escape(model.path("type").asText())).append(", fitted in run ")
          .append(escape(model.path("fitted_in_run").asText())).append(" on ")
          .append(String.format(java.util.Locale.ROOT, "%,d", model.path("training_rows").asLong()))
          .append(" rows</span></h3>\n");
      List<String> whole = new ArrayList<>();
      model.path("metrics").fields().forEachRemaining(m -> whole.add(m.getKey() + " " + metric(m.getValue())));
      if (!whole.isEmpty()) {
        html.append("<p class=\"model-metrics\">").append(escape(String.join(" · ", whole))).append("</p>\n");
      }
      java.util.TreeSet<String> names = new java.util.TreeSet<>();
      model.path("groups").forEach(g -> g.path("metrics").fieldNames().forEachRemaining(names::add));
      if (model.path("groups").isEmpty()) {
        return;
      }
      html.append("<table class=\"model\" data-model=\"").append(escape(entry.getKey())).append("\"><thead><tr><th>group</th>");
      names.forEach(n -> html.append("<th class=\"n\">").append(escape(n)).append("</th>"));
      html.append("</tr></thead><tbody>\n");
      model.path("groups").forEach(g -> {
        List<String> values = new ArrayList<>();
        g.path("group").forEach(v -> values.add(v.asText()));
        html.append("<tr><td>").append(escape(values.isEmpty() ? "(all rows)" : String.join(", ", values))).append("</td>");
        names.forEach(n -> html.append("<td class=\"n\">").append(escape(metric(g.path("metrics").path(n)))).append("</td>"));
        html.append("</tr>\n");
      });
      html.append("</tbody></table>\n");
    });
    html.append("</section>\n");
  }

  private static String metric(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return "";
    }
    if (value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())
        && Math.abs(value.asDouble()) < 1e15)) {
      return String.format(java.util.Locale.ROOT, "%,d", value.asLong());
    }
    if (value.isNumber()) {
      return String.format(java.util.Locale.ROOT, "%.4g", value.asDouble());
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(v -> items.add(metric(v)));
      return String.join(", ", items);
    }
    return value.asText();
  }

  private void quarantine() {
    html.append("<section id=\"quarantine\"><h2>Quarantine</h2>\n");
    if (quarantine.values().stream().allMatch(q -> q.records() == 0)) {
      html.append("<p>Nothing was quarantined in this run.</p>\n");
    }
    quarantine.forEach((dataset, q) -> {
      if (q.records() == 0) {
        return;
      }
      html.append("<h3>").append(escape(dataset)).append(" <span class=\"meta\">")
          .append(String.format(java.util.Locale.ROOT, "%,d", q.records())).append(" records</span></h3>\n")
          .append("<table class=\"quarantine\" data-dataset=\"").append(escape(dataset))
          .append("\"><thead><tr><th>rule</th><th>step</th><th class=\"n\">records</th><th>top reasons</th></tr></thead><tbody>\n");
      for (QuarantineSummary.Rule rule : q.rules()) {
        html.append("<tr><td><code>").append(escape(rule.rule())).append("</code></td><td>").append(escape(rule.step()))
            .append("</td><td class=\"n\">").append(rule.count()).append("</td><td><ul>");
        for (QuarantineSummary.Reason reason : rule.topReasons()) {
          html.append("<li>").append(escape(reason.reason())).append(" <span class=\"meta\">×").append(reason.count())
              .append("</span></li>");
        }
        html.append("</ul></td></tr>\n");
      }
      html.append("</tbody></table>\n");
    });
    html.append("</section>\n");
  }

  private void charts() {
    html.append("<section id=\"charts\"><h2>Charts</h2>\n");
    if (charts.isEmpty()) {
      html.append("<p>The project declares no charts (add <code>charts:</code> to a table).</p>\n");
    }
    for (int i = 0; i < charts.size(); i++) {
      Chart chart = charts.get(i);
      String table = chart.declared().path("table").asText();
      String title = chart.declared().path("title").asText();
      html.append("<figure class=\"chart\" data-table=\"").append(escape(table)).append("\"");
      if (chart.spec() == null) {
        html.append(" data-missing=\"true\"><figcaption>").append(escape(title)).append("</figcaption><p class=\"error\">")
            .append(escape(chart.missing())).append("</p></figure>\n");
        continue;
      }
      html.append(" data-expected-points=\"").append(chart.spec().points()).append("\"><figcaption>").append(escape(title))
          .append(" <span class=\"meta\">").append(escape(chart.spec().type())).append(" · refined/").append(escape(table))
          .append(" · run ").append(escape(chart.spec().runId())).append(" · ").append(chart.spec().points())
          .append(" points</span></figcaption><div class=\"plot\"><canvas id=\"chart-").append(i)
          .append("\" role=\"img\" aria-label=\"").append(escape(title)).append("\"></canvas></div></figure>\n");
    }
    html.append("</section>\n");
  }
}
