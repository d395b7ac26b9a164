package org.beamlake.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.Row;
import org.beamlake.cli.Main;
import org.beamlake.lake.CommitInfo;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableCommit;
import org.beamlake.lake.TableReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker lost in the middle of the ETL stage: the cluster jar is spark-submitted (client mode) to a
 * standalone cluster of two one-core workers; once tasks run on both workers' executors, one worker
 * and its executor are killed (SIGKILL of the process tree). Spark re-runs the lost tasks on the other
 * executor, and the stage must still commit exactly what a run without the failure commits: every
 * valid record once, every duplicate dropped once, every invalid record quarantined once, the run
 * record's counts adding up, and the trusted folder holding only the files its {@code _SUCCESS} lists.
 *
 * <p>The data are generated (a plain-Java oracle says what the stage must write): enough rows that the
 * stage runs for tens of seconds on the cluster, which a DirectRunner reference run could not do in the
 * test's time (the DirectRunner slows down sharply with many keys after a grouping).
 */
class WorkerLossIT {
  static final Path JAR = ClusterJarIT.JAR;
  static final Path SPARK_HOME = ClusterJarIT.SPARK_HOME;
  static final List<String> FLAGS = ClusterJarIT.FLAGS;
  static final ObjectMapper JSON = new ObjectMapper();

  /** Generated rows: ids 0..ROWS-1 spread over FILES files. */
  static final int FILES = 8;
  static final int ROWS = 400_000;

  @TempDir static Path tmp;
  static StandaloneCluster cluster;
  static Lake lake;
  static StandaloneCluster.Submitted etl;
  /** The executor killed with its worker, and what the driver's REST API said of it at that moment. */
  static String killedExecutor;
  static String activeAtKill;
  static EventLog eventLog;

  /** Every id's duplicate (an exact copy, in another file) when divisible by 13. */
  static boolean duplicated(long id) {
    return id % 13 == 0;
  }

  /** Out of the range rule's [0, 100] when divisible by 97: quarantined. */
  static double value(long id) {
    return id % 97 == 0 ? 150.5 : (id % 1000) / 10.0;
  }

  static String line(long id) {
    return id + ",g" + (id % 50) + "," + value(id);
  }

  @BeforeAll
  static void killAWorkerWhileTheEtlStageRuns() throws Exception {
    Path project = writeProject(tmp.resolve("worker-loss"));
    lake = Lake.at(tmp.resolve("lake").toString());
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    assertEquals(0, Main.execute("run", project.toString(), "--stage", "capture", "--runner", "direct",
        "--lake", lake.base(), "--run-id", "k1"), "the capture failed");

    Path events = Files.createDirectories(tmp.resolve("events"));
    cluster = StandaloneCluster.start(SPARK_HOME, tmp, FLAGS, 2);
    int uiPort = freePort();
    StandaloneCluster.Running running = cluster.start("etl", JAR, "org.beamlake.cli.Main",
        List.of("spark.eventLog.enabled=true", "spark.eventLog.dir=" + events.toUri(), "spark.ui.enabled=true",
            "spark.ui.port=" + uiPort, "spark.port.maxRetries=0"),
        List.of("run", project.toUri().toString(), "--stage", "etl", "--runner", "spark", "--lake", lake.base(),
            "--run-id", "k1"));
    int victim = 1;
    killedExecutor = awaitTasksOnBothWorkers(running, uiPort, cluster.workerUiPorts().get(victim),
        Duration.ofMinutes(3));
    cluster.kill(victim);
    etl = running.await(Duration.ofMinutes(5));
    try (Stream<Path> files = Files.list(events)) {
      List<Path> logs = files.collect(Collectors.toList());
      assertEquals(1, logs.size(), "one application: " + logs);
      eventLog = EventLog.read(logs.get(0));
    }
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @AfterAll
  static void stopTheCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theStageCompletedAfterTheLoss() throws IOException {
    assertEquals(0, etl.exitCode(), "spark-submit failed; see " + etl.err() + tail(etl.err()));
    assertTrue(etl.out().startsWith("beamlake: project worker-loss, run k1, spark runner (" + cluster.masterUrl()
        + "), lake " + lake.base() + "\n"), etl.out());
  }

  @Test
  void theEventLogShowsTheExecutorLostMidStageAndItsTasksRunAgain() {
    System.out.println(eventLog.appId() + ": killed executor " + killedExecutor + " (" + activeAtKill
        + "); removed " + eventLog.removedExecutors() + "; failed attempts " + eventLog.failedTasks()
        + "; successful retries " + eventLog.successfulRetries() + ", resubmitted stages "
        + eventLog.resubmittedStages() + "; successful tasks by worker " + eventLog.tasksByWorker());
    assertEquals(Set.of(killedExecutor), eventLog.removedExecutors());
    assertTrue(eventLog.failedTasks().stream().anyMatch(t -> t.executor().equals(killedExecutor)
        && t.reason().equals("ExecutorLostFailure")), "a task was running on the killed executor: "
        + eventLog.failedTasks());
    for (EventLog.FailedTask failed : eventLog.failedTasks()) {
      assertTrue(failed.executor().equals(killedExecutor) || failed.reason().equals("FetchFailed"),
          "only the loss made tasks fail: " + eventLog.failedTasks());
      assertTrue(eventLog.succeededPartitions().contains(failed.partition()), "partition " + failed.partition()
          + " ran again and succeeded");
    }
    assertTrue(eventLog.successfulRetries() + eventLog.resubmittedStages() > 0,
        "a later attempt of a failed task, or of its stage, succeeded");
    assertEquals(Set.copyOf(cluster.workerUiPorts()), eventLog.tasksByWorker().keySet());
  }

  @Test
  void trustedHoldsEveryValidRecordOnceAndNothingElse() {
    TableReader.Table trusted = TableReader.readAll(lake.trusted("events"));
    List<String> actual = new ArrayList<>(trusted.rows().size());
    for (Row row : trusted.rows()) {
      actual.add(row.getInt64("id") + "," + row.getString("grp") + "," + row.getDouble("v"));
    }
    actual.sort(null);
    List<String> expected = new ArrayList<>();
    for (long id = 0; id < ROWS; id++) {
      if (value(id) <= 100) {
        expected.add(line(id));
      }
    }
    expected.sort(null);
    assertEquals(List.of("id", "grp", "v"), trusted.schema().getFieldNames().stream()
        .filter(c -> !c.startsWith("_")).toList());
    assertEquals(expected.size(), actual.size(), "trusted rows");
    assertEquals(expected, actual);
    assertEquals(expected.size(), trusted.commit().rows());
  }

  @Test
  void eachInvalidRecordIsQuarantinedOnce() throws IOException {
    List<Long> ids = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of(lake.quarantine("events", "k1")))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
        for (String json : Files.readAllLines(file)) {
          ids.add(JSON.readTree(JSON.readTree(json).path("payload").asText()).path("id").asLong());
        }
      }
    }
    ids.sort(null);
    List<Long> expected = new ArrayList<>();
    for (long id = 0; id < ROWS; id += 97) {
      expected.add(id);
    }
    assertEquals(expected, ids);
  }

  @Test
  void theRunRecordsCountsAddUp() throws IOException {
    JsonNode counts = JSON.readTree(Path.of(lake.runManifest("k1")).toFile()).path("stages").path("etl")
        .path("counts");
    long duplicates = (ROWS + 12) / 13;
    long invalid = (ROWS + 96) / 97;
    Map<String, Long> expected = Map.of("events/read", ROWS + duplicates, "events/dropped", duplicates,
        "events/quarantined", invalid, "events/written", ROWS - invalid);
    Map<String, Long> actual = new HashMap<>();
    expected.keySet().forEach(k -> actual.put(k, counts.path(k).asLong(-1)));
    assertEquals(expected, actual, counts.toString());
    assertEquals(counts.path("events/read").asLong(), counts.path("events/written").asLong()
        + counts.path("events/quarantined").asLong() + counts.path("events/dropped").asLong());
    assertEquals(counts.path("events/parsed").asLong() + counts.path("events/parse_rejected").asLong(),
        counts.path("events/read").asLong());
  }

  @Test
  void theTrustedFolderHoldsOnlyTheFilesItsCommitLists() throws IOException {
    CommitInfo commit = TableCommit.read(lake.trusted("events")).orElseThrow();
    assertEquals("k1", commit.runId());
    Path dir = Path.of(lake.trusted("events"));
    Set<String> present = new TreeSet<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString())
          .filter(f -> !f.equals(TableCommit.MARKER)).forEach(present::add);
    }
    assertEquals(new TreeSet<>(commit.files()), present);
    assertEquals(2, commit.files().size(), "the dataset's two shards");
  }

  /** The project: one CSV source of generated rows, a deduplication (a shuffle) and a range check. */
  static Path writeProject(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("beamlake.yaml"), """
        name: worker-loss
        sources:
          events_csv:
            path: data/*.csv
        datasets:
          events:
            source: events_csv
            format: csv
            columns:
              id: long
              grp: string
              v: double
            shards: 2
            steps:
              - deduplicate: {key: [id]}
              - check:
                  - range: {column: v, min: 0, max: 100}
        """);
    BufferedWriter[] writers = new BufferedWriter[FILES];
    try {
      for (int f = 0; f < FILES; f++) {
        writers[f] = Files.newBufferedWriter(dir.resolve("data").resolve("part-" + f + ".csv"));
        writers[f].write("id,grp,v\n");
      }
      for (long id = 0; id < ROWS; id++) {
        int file = (int) (id % FILES);
        writers[file].write(line(id) + "\n");
        if (duplicated(id)) {
          writers[(file + 1) % FILES].write(line(id) + "\n");
        }
      }
    } finally {
      for (BufferedWriter w : writers) {
        if (w != null) {
          w.close();
        }
      }
    }
    return dir;
  }

  /**
   * Polls the driver's REST API until tasks run on both workers' executors at once and the executor on
   * the worker with web UI port {@code victimWorkerUiPort} already holds shuffle output that later tasks
   * read (so its loss costs finished work, not only the running task); returns that executor. Fails if
   * the submit ends first.
   */
  static String awaitTasksOnBothWorkers(StandaloneCluster.Running running, int uiPort, int victimWorkerUiPort,
      Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String api = "http://127.0.0.1:" + uiPort + "/api/v1/applications";
    Instant deadline = Instant.now().plus(timeout);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      if (!running.isAlive()) {
        throw new IllegalStateException("the stage ended before tasks ran on both workers (last seen: " + last
            + "); see " + running.err());
      }
      try {
        JsonNode apps = JSON.readTree(get(http, api));
        if (apps.size() == 1) {
          JsonNode executors = JSON.readTree(get(http, api + "/" + apps.get(0).path("id").asText() + "/executors"));
          Map<Integer, JsonNode> busyByWorker = new HashMap<>();
          for (JsonNode executor : executors) {
            String stdout = executor.path("executorLogs").path("stdout").asText();
            if (executor.path("activeTasks").asInt() > 0 && stdout.startsWith("http://127.0.0.1:")) {
              int port = Integer.parseInt(stdout.substring("http://127.0.0.1:".length()).split("/")[0]);
              busyByWorker.put(port, executor);
            }
          }
          last = executors.toString();
          JsonNode victim = busyByWorker.get(victimWorkerUiPort);
          if (busyByWorker.keySet().containsAll(cluster.workerUiPorts())
              && victim.path("totalShuffleWrite").asLong() > 0) {
            activeAtKill = victim.toString();
            return victim.path("id").asText();
          }
        }
      } catch (IOException notYetListening) {
        // the driver's UI starts with its SparkContext
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("tasks did not run on both workers within " + timeout + " (last seen: " + last
        + ")");
  }

  private static String get(HttpClient http, String uri) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(uri + ": " + response.statusCode());
    }
    return response.body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
