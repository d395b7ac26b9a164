package org.beamlake.report;

import static org.beamlake.report.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lineage of the refined tables as a small inline SVG graph: sources, then the datasets read
 * from them, then the tables computed from the datasets, with an edge for every "reads".
 */
final class LineageGraph {
  private static final int BOX_WIDTH = 200;
  private static final int BOX_HEIGHT = 34;
  private static final int GAP = 14;
  private static final int[] COLUMN_X = {10, 300, 590};

  private LineageGraph() {}

  static String svg(JsonNode lineage) {
    StringBuilder out = new StringBuilder("<section id=\"lineage\"><h2>Lineage</h2>\n");
    if (lineage.isMissingNode() || lineage.path("tables").size() == 0) {
      return out.append("<p>No refined tables.</p></section>\n").toString();
    }
    List<String> sources = names(lineage.path("sources"));
    List<String> datasets = names(lineage.path("datasets"));
    List<String> tables = names(lineage.path("tables"));
    int rows = Math.max(sources.size(), Math.max(datasets.size(), tables.size()));
    int height = rows * (BOX_HEIGHT + GAP) + GAP + 20;
    Map<String, int[]> at = new LinkedHashMap<>();
    out.append(String.format(Locale.ROOT, "<svg class=\"lineage\" viewBox=\"0 0 800 %d\" width=\"800\" height=\"%d\" "
        + "role=\"img\" aria-label=\"lineage of the refined tables\">\n", height, height));
    String[] headings = {"sources", "trusted datasets", "refined tables"};
    for (int c = 0; c < 3; c++) {
      out.append(String.format(Locale.ROOT, "<text class=\"heading\" x=\"%d\" y=\"14\">%s</text>\n", COLUMN_X[c], headings[c]));
    }
    place(sources, 0, "source", at);
    place(datasets, 1, "dataset", at);
    place(tables, 2, "table", at);
    StringBuilder edges = new StringBuilder();
    for (String d : datasets) {
      edge(edges, at.get("source:" + lineage.path("datasets").path(d).path("source").asText()), at.get("dataset:" + d));
    }
    for (String t : tables) {
      for (JsonNode d : lineage.path("tables").path(t)) {
        edge(edges, at.get("dataset:" + d.asText()), at.get("table:" + t));
      }
    }
    out.append(edges);
    for (Map.Entry<String, int[]> box : at.entrySet()) {
      String kind = box.getKey().substring(0, box.getKey().indexOf(':'));
      String name = box.getKey().substring(kind.length() + 1);
      String detail = kind.equals("source") ? lineage.path("sources").path(name).asText()
          : kind.equals("dataset") ? uses(lineage.path("datasets").path(name).path("uses")) : "";
      int[] xy = box.getValue();
      out.append(String.format(Locale.ROOT, "<g class=\"node %s\" data-name=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" "
              + "height=\"%d\" rx=\"5\"/><text x=\"%d\" y=\"%d\">%s</text>%s</g>\n", kind, escape(name), xy[0], xy[1],
          BOX_WIDTH, BOX_HEIGHT, xy[0] + 8, xy[1] + (detail.isEmpty() ? 22 : 15), escape(name), detail.isEmpty() ? ""
              : String.format(Locale.ROOT, "<text class=\"detail\" x=\"%d\" y=\"%d\">%s</text>", xy[0] + 8, xy[1] + 28,
                  escape(detail))));
    }
    return out.append("</svg></section>\n").toString();
  }

  private static void place(List<String> names, int column, String kind, Map<String, int[]> at) {
    for (int i = 0; i < names.size(); i++) {
      at.put(kind + ":" + names.get(i), new int[] {COLUMN_X[column], 24 + i * (BOX_HEIGHT + GAP)});
    }
  }

  private static void edge(StringBuilder out, int[] from, int[] to) {
    if (from == null || to == null) {
      return;
    }
    int x1 = from[0] + BOX_WIDTH;
    int y1 = from[1] + BOX_HEIGHT / 2;
    int x2 = to[0];
    int y2 = to[1] + BOX_HEIGHT / 2;
    int mid = (x1 + x2) / 2;
    out.append(String.format(Locale.ROOT, "<path class=\"edge\" d=\"M%d %d C%d %d, %d %d, %d %d\"/>\n",
        x1, y1, mid, y1, mid, y2, x2, y2));
  }

  private static String uses(JsonNode uses) {
    List<String> names = new ArrayList<>();
    uses.forEach(u -> names.add(u.asText()));
    return names.isEmpty() ? "" : "uses " + String.join(", ", names);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
