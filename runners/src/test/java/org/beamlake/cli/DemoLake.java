package org.beamlake.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.beamlake.lake.Lake;
import org.beamlake.stage.Stages;

/**
 * A lake holding one run ({@code r1}) of the world-indicators demo on its sample data, DirectRunner,
 * made once per test JVM and shared by the tests that only read it (the HTTP API, the report, the
 * catalogs). The demo without its models ({@link DemoProject#withoutModels}): these tests assert
 * every table, and the models' tables are asserted by their own tests.
 */
public final class DemoLake {
  public static final String RUN_ID = "r1";

  private static Lake lake;
  private static Path project;

  /** The project the lake was made from (a copy of the demo without its models). */
  public static synchronized Path project() {
    if (project == null) {
      try {
        Path dir = Files.createTempDirectory("beamlake-demo-project");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        project = DemoProject.withoutModels(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return project;
  }

  private DemoLake() {}

  /** The lake, running the demo the first time; removed when the JVM exits. */
  public static synchronized Lake get() {
    if (lake == null) {
      try {
        Path dir = Files.createTempDirectory("beamlake-demo-lake");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        Lake made = Lake.at(dir.toString());
        DemoProject.run(org.beamlake.project.ProjectLoader.load(project()), made, RUN_ID, RunnerChoice.DIRECT,
            Stages.Stage.ALL);
        lake = made;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lake;
  }

  /** Sets up Beam's filesystems as a command would (local paths need nothing more). */
  public static void useFileSystems() {
    DemoProject.options(RunnerChoice.DIRECT);
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
