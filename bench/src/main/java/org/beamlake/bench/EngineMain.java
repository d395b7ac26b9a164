package org.beamlake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one engine in this JVM and prints one line, {@code BENCH_RESULT seconds=S peak_rss_mb=M}: the
 * time of the workload (after {@link Engine#prepare}) and the JVM's peak resident set (VmHWM of
 * /proc/self/status), which counts DuckDB's native memory too. Each engine gets its own JVM so that
 * peaks do not mix.
 *
 * <p>{@code java … org.beamlake.bench.EngineMain ENGINE DATA_DIR WORK_DIR}
 */
public final class EngineMain {
  private EngineMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: EngineMain ENGINE DATA_DIR WORK_DIR");
      System.exit(2);
    }
    Engine engine = Engine.of(args[0]);
    Path data = Path.of(args[1]);
    Path work = Path.of(args[2]);
    double seconds = 0;
    try {
      engine.prepare(data, work);
      long start = System.nanoTime();
      engine.run(data, work);
      seconds = (System.nanoTime() - start) / 1e9;
    } catch (Throwable e) {
      // Exit at once: the runners' non-daemon threads would keep a failed run alive until the time limit.
      e.printStackTrace();
      System.err.flush();
      System.exit(1);
    }
    System.out.printf(java.util.Locale.ROOT, "BENCH_RESULT seconds=%.3f peak_rss_mb=%d%n", seconds, peakRssMb());
    System.out.flush();
    System.exit(0); // Spark and Beam leave non-daemon threads behind
  }

  /** VmHWM of this process in MiB, or -1 where /proc is not there. */
  static long peakRssMb() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
