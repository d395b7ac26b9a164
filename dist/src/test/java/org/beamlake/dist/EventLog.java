package org.beamlake.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Spark application's event log ({@code spark.eventLog.enabled}) says about where its tasks
 * ran: the finished tasks of each executor, and the worker each executor ran on (the web UI port in
 * its log URL, as every worker here is on 127.0.0.1); and what it says about failures: the executors
 * removed, the task attempts that failed, the partitions that succeeded ({@code stage/index}), the
 * successful attempts that were not a task's first, and the stage attempts after a stage's first
 * (resubmitted after a lost shuffle).
 */
record EventLog(String appId, Map<String, Integer> tasksByExecutor, Map<String, Integer> workerUiPortByExecutor,
    Set<String> removedExecutors, List<FailedTask> failedTasks, Set<String> succeededPartitions, int successfulRetries,
    int resubmittedStages) {

  /**
   * A task attempt that did not succeed: where it ran, Spark's reason ({@code ExecutorLostFailure}, …),
   * and its partition as {@code stage/index}.
   */
  record FailedTask(String executor, String reason, String partition) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PORT = Pattern.compile("^http://[^:/]+:(\\d+)/");

  static EventLog read(Path file) throws IOException {
    String appId = file.getFileName().toString();
    Map<String, Integer> tasks = new TreeMap<>();
    Map<String, Integer> ports = new TreeMap<>();
    Set<String> removed = new TreeSet<>();
    List<FailedTask> failed = new ArrayList<>();
    Set<String> succeeded = new TreeSet<>();
    int retries = 0;
    int resubmitted = 0;
    for (String line : Files.readAllLines(file)) {
      JsonNode event = JSON.readTree(line);
      switch (event.path("Event").asText()) {
        case "SparkListenerApplicationStart":
          appId = event.path("App ID").asText(appId);
          break;
        case "SparkListenerTaskEnd":
          JsonNode task = event.path("Task Info");
          String reason = event.path("Task End Reason").path("Reason").asText();
          String partition = event.path("Stage ID").asText() + "/" + task.path("Index").asText();
          if (reason.equals("Success")) {
            tasks.merge(task.path("Executor ID").asText(), 1, Integer::sum);
            succeeded.add(partition);
            retries += task.path("Attempt").asInt() > 0 ? 1 : 0;
          } else {
            failed.add(new FailedTask(task.path("Executor ID").asText(), reason, partition));
          }
          break;
        case "SparkListenerExecutorRemoved":
          removed.add(event.path("Executor ID").asText());
          break;
        case "SparkListenerStageSubmitted":
          resubmitted += event.path("Stage Info").path("Stage Attempt ID").asInt() > 0 ? 1 : 0;
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
    return new EventLog(appId, tasks, ports, removed, failed, succeeded, retries, resubmitted);
  }

  /** Successful tasks per worker web UI port; tasks of an executor on no worker (a local driver) under 0. */
  Map<Integer, Integer> tasksByWorker() {
    Map<Integer, Integer> byWorker = new TreeMap<>();
    tasksByExecutor.forEach((executor, n) -> byWorker.merge(workerUiPortByExecutor.getOrDefault(executor, 0), n,
        Integer::sum));
    return byWorker;
  }
}
