package org.beamlake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts {@link EngineMain} for one engine in a JVM of its own, pinned to the given cores with
 * {@code taskset} and given the same heap as every other engine; its output goes to a log file.
 *
 * @param cores e.g. {@code 0,1}; empty to not pin (where {@code taskset} is missing)
 * @param heap e.g. {@code 4g}
 * @param jvmFlags the Java 17 flags Spark needs (also given to the engines that do not need them)
 * @param timeoutSeconds a run still going after this is stopped and reported as such
 */
record EngineProcess(String cores, String heap, List<String> jvmFlags, long timeoutSeconds) {
  private static final Pattern RESULT = Pattern.compile("BENCH_RESULT seconds=([0-9.]+) peak_rss_mb=(-?[0-9]+)");

  /**
   * One run: the workload's seconds and the JVM's peak RSS; empty seconds if it did not finish, and
   * then {@code outcome} says why (stopped at the time limit, or the engine's first error line).
   */
  record Measurement(Optional<Double> seconds, long peakRssMb, double processSeconds, String outcome) {}

  Measurement run(Engine engine, Path data, Path work, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (!cores.isEmpty()) {
      command.addAll(List.of("taskset", "-c", cores));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-Xms" + heap);
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), EngineMain.class.getName(), engine.id(),
        data.toString(), work.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      return new Measurement(Optional.empty(), -1, timeoutSeconds, "stopped at " + timeoutSeconds + " s");
    }
    double processSeconds = (System.nanoTime() - start) / 1e9;
    String output = Files.readString(log);
    Matcher m = RESULT.matcher(output);
    if (process.exitValue() != 0 || !m.find()) {
      String error = output.lines().filter(l -> l.startsWith("error: ")).findFirst()
          .orElse("exit " + process.exitValue() + ", see " + log.getFileName());
      return new Measurement(Optional.empty(), -1, processSeconds, "failed (" + error + ")");
    }
    return new Measurement(Optional.of(Double.parseDouble(m.group(1))), Long.parseLong(m.group(2)), processSeconds, "ok");
  }
}
