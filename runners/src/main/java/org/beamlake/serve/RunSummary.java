package org.beamlake.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** One line of {@code GET /runs}: what a run's {@code _runs/<id>.json} says at a glance. */
final class RunSummary {
  private RunSummary() {}

  static Map<String, Object> of(String id, byte[] runJson) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("run_id", id);
    try {
      JsonNode run = ApiResponse.JSON.readTree(runJson);
      summary.put("project", run.path("project").asText(null));
      summary.put("runner", run.path("runner").asText(null));
      summary.put("sample", run.path("sample").asBoolean(false));
      String startedAt = null;
      Map<String, String> stages = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = run.path("stages").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> stage = it.next();
        stages.put(stage.getKey(), stage.getValue().path("status").asText(null));
        String started = stage.getValue().path("startedAt").asText(null);
        if (started != null && (startedAt == null || started.compareTo(startedAt) < 0)) {
          startedAt = started;
        }
      }
      summary.put("started_at", startedAt);
      summary.put("stages", stages);
    } catch (IOException e) {
      summary.put("error", "unreadable run record: " + e.getMessage());
    }
    summary.put("href", "/runs/" + id);
    summary.put("report", "/runs/" + id + ".html");
    return summary;
  }
}
