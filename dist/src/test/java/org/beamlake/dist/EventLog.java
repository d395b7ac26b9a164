package org.beamlake.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Spark application's event log ({@code spark.eventLog.enabled}) says about where its tasks
 * ran: the finished tasks of each executor, and the worker each executor ran on (the web UI port in
 * its log URL, as every worker here is on 127.0.0.1).
 */
record EventLog(String appId, Map<String, Integer> tasksByExecutor, Map<String, Integer> workerUiPortByExecutor) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PORT = Pattern.compile("^http://[^:/]+:(\\d+)/");

  static EventLog read(Path file) throws IOException {
    String appId = file.getFileName().toString();
    Map<String, Integer> tasks = new TreeMap<>();
    Map<String, Integer> ports = new TreeMap<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode event = JSON.readTree(line);
      switch (event.path("Event").asText()) {
        case "SparkListenerApplicationStart":
          appId = event.path("App ID").asText(appId);
          break;
        case "SparkListenerTaskEnd":
          if (event.path("Task End Reason").path("Reason").asText().equals("Success")) {
            tasks.merge(event.path("Task Info").path("Executor ID").asText(), 1, Integer::sum);
          }
          break;
        case "SparkListenerExecutorAdded":
          Matcher m = PORT.matcher(event.path("Executor Info").path("Log Urls").path("stdout").asText());
          if (m.find()) {
            ports.put(event.path("Executor ID").asText(), Integer.parseInt(m.group(1)));
          }
          break;
        default:
          break;
      }
    }
    return new EventLog(appId, tasks, ports);
  }

  /** Successful tasks per worker web UI port; tasks of an executor on no worker (a local driver) under 0. */
  Map<Integer, Integer> tasksByWorker() {
    Map<Integer, Integer> byWorker = new TreeMap<>();
    tasksByExecutor.forEach((executor, n) -> byWorker.merge(workerUiPortByExecutor.getOrDefault(executor, 0), n,
        Integer::sum));
    return byWorker;
  }
}
