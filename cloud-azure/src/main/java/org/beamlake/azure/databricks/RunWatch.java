package org.beamlake.azure.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows a run ({@code runs/get}) until it ends, printing a line whenever a task's state changes;
 * for a failed run, each failed task's error ({@code runs/get-output}) and the run page.
 */
final class RunWatch {
  private static final Set<String> FINAL = Set.of("TERMINATED", "SKIPPED", "INTERNAL_ERROR");

  private RunWatch() {}

  /** Waits for the run to end; true if it succeeded. */
  static boolean follow(DatabricksClient client, long runId, Duration poll, PrintStream out) throws IOException {
    Map<String, String> seen = new HashMap<>();
    while (true) {
      JsonNode run = client.get("/api/2.1/jobs/runs/get?run_id=" + runId);
      for (JsonNode task : run.path("tasks")) {
        String state = state(task.path("state"));
        if (!state.equals(seen.put(task.path("task_key").asText(), state))) {
          out.printf("  %-10s %s%n", task.path("task_key").asText(), state);
        }
      }
      if (FINAL.contains(run.path("state").path("life_cycle_state").asText())) {
        return report(client, run, out);
      }
      sleep(poll);
    }
  }

  /** The run's state now, one line per task; true if it ended successfully. */
  static boolean status(DatabricksClient client, long runId, PrintStream out) throws IOException {
    JsonNode run = client.get("/api/2.1/jobs/runs/get?run_id=" + runId);
    out.println("run " + runId + ": " + state(run.path("state")));
    for (JsonNode task : run.path("tasks")) {
      out.printf("  %-10s %s%n", task.path("task_key").asText(), state(task.path("state")));
    }
    out.println("run page: " + run.path("run_page_url").asText());
    return "SUCCESS".equals(run.path("state").path("result_state").asText());
  }

  /** Each task's error and stack trace, as the Jobs API keeps them. */
  static void logs(DatabricksClient client, long runId, PrintStream out) throws IOException {
    JsonNode run = client.get("/api/2.1/jobs/runs/get?run_id=" + runId);
    for (JsonNode task : run.path("tasks")) {
      JsonNode output = client.get("/api/2.1/jobs/runs/get-output?run_id=" + task.path("run_id").asLong());
      out.println("== " + task.path("task_key").asText() + " (" + state(task.path("state")) + ")");
      for (String field : List.of("error", "error_trace", "logs")) {
        if (output.hasNonNull(field)) {
          out.println(output.path(field).asText().stripTrailing());
        }
      }
    }
    out.println("run page: " + run.path("run_page_url").asText()
        + " (the driver's stdout and log4j output are there, under each task's Spark UI and logs)");
  }

  private static boolean report(DatabricksClient client, JsonNode run, PrintStream out) throws IOException {
    String result = run.path("state").path("result_state").asText("");
    if (result.equals("SUCCESS")) {
      out.println("run " + run.path("run_id").asLong() + ": SUCCESS");
      return true;
    }
    out.println("run " + run.path("run_id").asLong() + ": " + state(run.path("state")));
    for (JsonNode task : run.path("tasks")) {
      if ("FAILED".equals(task.path("state").path("result_state").asText())) {
        JsonNode output = client.get("/api/2.1/jobs/runs/get-output?run_id=" + task.path("run_id").asLong());
        String error = output.hasNonNull("error") ? output.path("error").asText()
            : task.path("state").path("state_message").asText();
        out.println("  " + task.path("task_key").asText() + " failed: " + error);
      }
    }
    out.println("run page: " + run.path("run_page_url").asText());
    return false;
  }

  private static String state(JsonNode state) {
    String life = state.path("life_cycle_state").asText();
    String result = state.path("result_state").asText("");
    return result.isEmpty() ? life : life + " " + result;
  }

  private static void sleep(Duration poll) throws IOException {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while following the run", e);
    }
  }
}
