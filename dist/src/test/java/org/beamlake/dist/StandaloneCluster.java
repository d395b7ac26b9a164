package org.beamlake.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1 made of plain JVMs: one master and {@code n} workers of
 * one core each, started from a Spark home that holds only a {@code jars/} folder (as Maven builds
 * it), and spark-submit of an application jar in client mode. Every process it starts, with the
 * executors the workers start, is stopped by {@link #close()}.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path sparkHome;
  private final Path dir;
  private final List<String> jvmFlags;
  private final List<Process> processes = new ArrayList<>();
  private final int masterPort = freePort();
  private final int masterUiPort = freePort();
  private final List<Integer> workerUiPorts = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();

  private final Map<String, String> environment;

  private StandaloneCluster(Path sparkHome, Path dir, List<String> jvmFlags, Map<String, String> environment) {
    this.sparkHome = sparkHome;
    this.dir = dir;
    this.jvmFlags = jvmFlags;
    this.environment = environment;
  }

  /** Starts a master and {@code workers} workers, and waits until all workers are registered. */
  static StandaloneCluster start(Path sparkHome, Path dir, List<String> jvmFlags, int workers) throws Exception {
    return start(sparkHome, dir, jvmFlags, workers, Map.of());
  }

  /**
   * As above, with {@code environment} set for every process (master, workers and so their
   * executors and cluster-mode drivers, spark-submit): e.g. the standard AWS variables, as an EMR
   * node's instance profile would provide credentials.
   */
  static StandaloneCluster start(Path sparkHome, Path dir, List<String> jvmFlags, int workers,
      Map<String, String> environment) throws Exception {
    StandaloneCluster cluster = new StandaloneCluster(sparkHome, dir, jvmFlags, environment);
    try {
      cluster.daemon("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", String.valueOf(cluster.masterPort), "--webui-port", String.valueOf(cluster.masterUiPort));
      for (int i = 1; i <= workers; i++) {
        int uiPort = freePort();
        cluster.workerUiPorts.add(uiPort);
        Path workDir = Files.createDirectories(dir.resolve("worker-" + i));
        cluster.workers.add(cluster.daemon("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host",
            "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", String.valueOf(uiPort), "--work-dir",
            workDir.toString(), cluster.masterUrl()));
      }
      cluster.awaitWorkers(workers, Duration.ofSeconds(90));
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The web UI ports of the workers, in start order; executors' log URLs name them. */
  List<Integer> workerUiPorts() {
    return workerUiPorts;
  }

  /** The exit code, stdout and stderr of one spark-submit. */
  record Submitted(int exitCode, String out, Path err) {}

  /**
   * {@code spark-submit --master spark://… --deploy-mode client --class MAIN JAR ARGS}, as {@code java
   * -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit}; waits for it to end.
   */
  Submitted submit(String name, Path jar, String mainClass, List<String> conf, List<String> args, Duration timeout)
      throws Exception {
    return runToEnd(name, submitCommand(jar, mainClass, conf, args), timeout);
  }

  /** A spark-submit that is still running; {@link #await} waits for its end. */
  final class Running {
    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;

    private Running(String name, Process process, Path out, Path err) {
      this.name = name;
      this.process = process;
      this.out = out;
      this.err = err;
    }

    boolean isAlive() {
      return process.isAlive();
    }

    Path err() {
      return err;
    }

    /** Waits for the end (stopped after {@code timeout}, then an exception). */
    Submitted await(Duration timeout) throws Exception {
      return awaitEnd(name, process, out, err, timeout);
    }
  }

  /** As {@link #submit}, without waiting: the submit runs while the caller watches or disturbs the cluster. */
  Running start(String name, Path jar, String mainClass, List<String> conf, List<String> args) throws IOException {
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    return new Running(name, start(submitCommand(jar, mainClass, conf, args), out, err), out, err);
  }

  /**
   * Kills worker {@code workerIndex} (0-based, in start order) and every process it started (its
   * executors) at once, as a machine that fails does: no shutdown hook runs, nothing tells the master.
   */
  void kill(int workerIndex) throws InterruptedException {
    Process worker = workers.get(workerIndex);
    // Taken before the worker dies: an orphaned executor is no longer its descendant.
    List<ProcessHandle> tree = worker.descendants().toList();
    worker.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    worker.waitFor(30, TimeUnit.SECONDS);
    for (ProcessHandle handle : tree) {
      handle.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> handle).join();
    }
    if (worker.isAlive() || tree.stream().anyMatch(ProcessHandle::isAlive)) {
      throw new IllegalStateException("worker " + (workerIndex + 1) + " or one of its executors survived the kill");
    }
    processes.remove(worker);
  }

  private List<String> submitCommand(Path jar, String mainClass, List<String> conf, List<String> args) {
    List<String> command = java("-Xmx1g");
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(List.of("--master", masterUrl(), "--class", mainClass)); // deploy mode: client unless conf says
    String flags = String.join(" ", jvmFlags);
    for (String c : List.of("spark.driver.extraJavaOptions=" + flags, "spark.executor.extraJavaOptions=" + flags,
        "spark.executor.memory=768m", "spark.ui.enabled=false")) {
      command.addAll(List.of("--conf", c));
    }
    for (String c : conf) {
      command.addAll(List.of("--conf", c));
    }
    command.add(jar.toString());
    command.addAll(args);
    return command;
  }

  /**
   * {@code spark-submit --deploy-mode cluster}: the master starts the driver on a worker, as a cluster
   * manager starts an EMR step's or a Databricks task's driver away from the submitting machine.
   * spark-submit waits for the driver ({@code spark.standalone.submit.waitAppCompletion}) but exits 0
   * whether it succeeded or not, so the exit code returned is the master's word on the driver
   * ({@code FINISHED} is 0), and the output is the driver's stdout from its worker's directory.
   */
  Submitted submitCluster(String name, Path jar, String mainClass, List<String> conf, List<String> args,
      Duration timeout) throws Exception {
    List<String> clusterConf = new ArrayList<>(conf);
    clusterConf.addAll(List.of("spark.submit.deployMode=cluster", "spark.standalone.submit.waitAppCompletion=true",
        "spark.driver.memory=768m", "spark.driver.cores=1"));
    Submitted client = submit(name, jar, mainClass, clusterConf, args, timeout);
    JsonNode drivers = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).build(), HttpResponse.BodyHandlers.ofString())
        .body()).path("completeddrivers");
    if (client.exitCode() != 0 || drivers.isEmpty()) {
      return client;
    }
    JsonNode driver = drivers.get(drivers.size() - 1);
    String id = driver.path("id").asText();
    Path stdout;
    try (var found = Files.find(dir, 3, (f, a) -> f.endsWith(Path.of(id, "stdout")))) {
      stdout = found.findFirst().orElseThrow(() -> new IllegalStateException("no stdout of driver " + id + " in " + dir));
    }
    Path stderr = stdout.resolveSibling("stderr");
    return new Submitted(driver.path("state").asText().equals("FINISHED") ? 0 : 1, Files.readString(stdout), stderr);
  }

  /**
   * {@code java -cp "$SPARK_HOME/jars/*:JAR" MAIN ARGS}: the jar behind Spark's own jars, as a cluster's
   * class loaders see them (Spark first), without starting Spark; waits for it to end.
   */
  Submitted runBehindSparkJars(String name, Path jar, String mainClass, List<String> args, Duration timeout)
      throws Exception {
    List<String> command = java("-Xmx1g");
    command.set(command.size() - 1, command.get(command.size() - 1) + java.io.File.pathSeparator + jar);
    command.add(mainClass);
    command.addAll(args);
    return runToEnd(name, command, timeout);
  }

  /**
   * {@code java -Dspark.master=… -cp "$SPARK_HOME/jars/*:CLASSPATH" MAIN ARGS}: a driver JVM of the
   * cluster's platform that starts its own Spark session on the master, with {@code properties} as
   * Spark configuration, and calls into the jar; waits for it to end.
   */
  Submitted runHostedDriver(String name, List<Path> classpath, String mainClass, Map<String, String> properties,
      List<String> args, Duration timeout) throws Exception {
    List<String> command = java("-Xmx1g");
    String cp = command.remove(command.size() - 1);
    command.remove(command.size() - 1); // -cp
    command.add("-Dspark.master=" + masterUrl());
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(cp + classpath.stream().map(p -> java.io.File.pathSeparator + p).collect(java.util.stream.Collectors.joining()));
    command.add(mainClass);
    command.addAll(args);
    return runToEnd(name, command, timeout);
  }

  /** Runs a command to its end (stopped after {@code timeout}), its output in {@code name.out}/{@code .err}. */
  private Submitted runToEnd(String name, List<String> command, Duration timeout) throws Exception {
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    return awaitEnd(name, start(command, out, err), out, err, timeout);
  }

  private Submitted awaitEnd(String name, Process process, Path out, Path err, Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      stop(process);
      throw new IllegalStateException(name + " did not end within " + timeout + "; see " + err);
    }
    processes.remove(process);
    return new Submitted(process.exitValue(), Files.readString(out), err);
  }

  /** Stops the workers (and their executors) and the master; waits for each, then kills what is left. */
  @Override
  public void close() {
    List<Process> all = new ArrayList<>(processes);
    java.util.Collections.reverse(all);
    for (Process process : all) {
      stop(process);
    }
    processes.clear();
  }

  private Process daemon(String name, String mainClass, String... args) throws IOException {
    List<String> command = java("-Xmx512m");
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    return start(command, dir.resolve(name + ".log"), dir.resolve(name + ".log"));
  }

  private List<String> java(String heap) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(heap);
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(sparkHome.resolve("jars") + "/*");
    return command;
  }

  private Process start(List<String> command, Path out, Path err) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    if (out.equals(err)) {
      builder.redirectErrorStream(true).redirectOutput(out.toFile());
    } else {
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    }
    Map<String, String> env = builder.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1"); // this host's name resolves to a non-loopback address
    env.put("SPARK_SCALA_VERSION", "2.12"); // else executors fail: "Cannot find any build directories"
    env.putAll(environment);
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /** Executors are children of their worker: asked to stop first, so none outlives the test. */
  private static void stop(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private void awaitWorkers(int workers, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI status = URI.create("http://127.0.0.1:" + masterUiPort + "/json/"); // "/json" redirects
    Instant deadline = Instant.now().plus(timeout);
    int alive = 0;
    while (Instant.now().isBefore(deadline)) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a cluster process stopped while starting; see the logs in " + dir);
        }
      }
      try {
        JsonNode json = JSON.readTree(http.send(HttpRequest.newBuilder(status).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        alive = 0;
        for (JsonNode worker : json.path("workers")) {
          alive += worker.path("state").asText().equals("ALIVE") ? 1 : 0;
        }
        if (alive == workers) {
          return;
        }
      } catch (IOException notYetListening) {
        // the master is still starting
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(alive + " of " + workers + " workers registered within " + timeout
        + "; see the logs in " + dir);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
