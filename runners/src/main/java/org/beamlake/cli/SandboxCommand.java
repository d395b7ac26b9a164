package org.beamlake.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code beamlake sandbox up|down|status}: the demo projects' local stand-ins, in the background. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = "Starts (up) or stops (down) the local stand-ins the demo projects capture from, on 127.0.0.1 "
        + "only: the World Bank Data360 API serving the world-indicators pages, and PostgreSQL with the Sakila database for "
        + "dvd-rental. 'up' prints the environment variables the "
        + "projects read; 'status' prints them again. `run --sandbox` starts and stops them around one run instead.",
    footer = {"", "Examples:", "  beamlake sandbox up && eval \"$(beamlake sandbox status --exports)\"",
        "  beamlake run testdata/world-indicators", "  beamlake sandbox down"})
final class SandboxCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ACTION", description = "up, down, status (serve: in the foreground)")
  String action;

  @Option(names = "--api-port", defaultValue = "0", description = "port of the Data360 stand-in (default: a free one)")
  int apiPort;

  @Option(names = "--db-port", defaultValue = "0", description = "port of the PostgreSQL stand-in (default: a free one)")
  int dbPort;

  @Option(names = "--exports", description = "status: print only `export NAME=value` lines, for eval")
  boolean exports;

  @Option(names = "--state", description = "where the running sandbox is recorded (default: .beamlake-sandbox.json)")
  Path state = Path.of(".beamlake-sandbox.json");

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Integer call() {
    return Cli.guard(() -> {
      switch (action) {
        case "up":
          return up();
        case "down":
          return down();
        case "status":
          return status();
        case "serve":
          return serve();
        default:
          throw new IllegalArgumentException("unknown action '" + action + "': expected up, down or status");
      }
    });
  }

  /** Starts {@code serve} as a background process and waits until it is ready. */
  private int up() throws Exception {
    Optional<JsonNode> running = running();
    if (running.isPresent()) {
      System.out.println("sandbox already running (pid " + running.get().get("pid").asLong() + ")");
      return status();
    }
    Files.deleteIfExists(state);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    List<String> jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
    command.addAll(jvm);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of("sandbox", "serve", "--api-port", String.valueOf(apiPort), "--db-port", String.valueOf(dbPort), "--state",
        state.toAbsolutePath().toString()));
    Path log = state.toAbsolutePath().resolveSibling(".beamlake-sandbox.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (!Files.exists(state)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the sandbox stopped while starting; see " + log);
      }
      if (Instant.now().isAfter(deadline)) {
        process.destroy();
        throw new IllegalStateException("the sandbox did not start within 2 minutes; see " + log);
      }
      Thread.sleep(200);
    }
    System.out.println("sandbox up (pid " + process.pid() + ", log " + log + ")");
    return status();
  }

  /** Runs the stand-ins in this process until it is stopped. */
  private int serve() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    try (Sandbox sandbox = Sandbox.start(apiPort, dbPort, null)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        sandbox.close();
        stopped.countDown();
      }));
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("pid", ProcessHandle.current().pid());
      doc.put("environment", sandbox.environment());
      Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), doc);
      Files.move(tmp, state, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      System.out.println("sandbox serving: " + String.join(", ", sandbox.environment().keySet()));
      stopped.await();
    }
    return 0;
  }

  private int down() throws Exception {
    Optional<JsonNode> running = running();
    if (running.isEmpty()) {
      System.out.println("no sandbox running");
      Files.deleteIfExists(state);
      return 0;
    }
    long pid = running.get().get("pid").asLong();
    ProcessHandle.of(pid).ifPresent(p -> {
      p.destroy();
      p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    });
    Files.deleteIfExists(state);
    System.out.println("sandbox down (pid " + pid + " stopped)");
    return 0;
  }

  private int status() throws Exception {
    Optional<JsonNode> running = running();
    if (running.isEmpty()) {
      System.out.println(exports ? "" : "no sandbox running; start it with: beamlake sandbox up");
      return exports ? 1 : 0;
    }
    // Passwords only where asked for, to eval: never in what people read or logs keep.
    running.get().get("environment").fields().forEachRemaining(e -> System.out.println(exports
        ? "export " + e.getKey() + "=" + e.getValue().asText()
        : "  " + e.getKey() + "=" + (e.getKey().endsWith("PASSWORD") ? "*** (in: beamlake sandbox status --exports)"
            : e.getValue().asText())));
    return 0;
  }

  /** The recorded sandbox if its process is still alive. */
  private Optional<JsonNode> running() throws Exception {
    File file = state.toFile();
    if (!file.exists()) {
      return Optional.empty();
    }
    JsonNode doc = JSON.readTree(file);
    long pid = doc.path("pid").asLong(-1);
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> doc);
  }
}
