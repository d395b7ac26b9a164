package org.beamlake.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.beamlake.lake.Lake;
import org.beamlake.project.Project;
import org.beamlake.project.ProjectError;
import org.beamlake.project.ProjectException;
import org.beamlake.project.ProjectLoader;
import org.beamlake.stage.Expectations;
import org.beamlake.stage.ProjectValidator;
import org.beamlake.stage.SchemaInference;
import org.beamlake.stage.StageContext;
import org.beamlake.stage.Stages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code beamlake test}: the whole project on its sample data, then its expectations. For CI. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = "Validates the project, runs all its stages on its sample data (each source's 'sample') on the "
        + "DirectRunner with all checks on, into a fresh lake, then checks the project's expectations (row counts, "
        + "golden files, quarantine ratios). Exit code 0 if everything passed, 1 if not: what a CI job runs.",
    footer = {"", "Examples:", "  beamlake test testdata/world-indicators",
        "  beamlake test my-project --lake target/test-lake       # keep the lake to look at",
        "  beamlake test my-project --update-golden               # after a reviewed change of output"})
final class TestCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PROJECT", description = "project directory (with beamlake.yaml) or YAML "
      + "file: a path, or a URI such as s3://bucket/projects/sales")
  String project;

  @Option(names = "--lake", description = "lake to run in (default: a new temporary directory, deleted afterwards)")
  String lake;

  @Option(names = "--update-golden", description = "rewrite the golden files from this run's output instead of comparing")
  boolean updateGolden;

  @Override
  public Integer call() {
    return Cli.guard(() -> {
      PipelineOptions options = RunnerChoice.DIRECT.options(List.of(), true, "local[1]");
      FileSystems.setDefaultPipelineOptions(options);
      Project loaded = ProjectLoader.load(project);
      if (updateGolden && ProjectLoader.isUri(project)) {
        throw new IllegalArgumentException("--update-golden rewrites the project's own files: run it on a local "
            + "checkout of the project, not on " + project);
      }
      List<ProjectError> errors = ProjectValidator.validateInferring(loaded, options,
          d -> SchemaInference.datasetFiles(loaded, d, true), java.util.Set.of());
      if (!errors.isEmpty()) {
        throw new ProjectException(errors);
      }
      Path temporary = lake == null ? Files.createTempDirectory("beamlake-test-") : null;
      Lake target = Lake.at(lake != null ? lake : temporary.toString());
      try {
        String runId = "test";
        StageContext ctx = new StageContext(loaded, target, runId, Cli.pipelines(options), options, true, System.out);
        Stages.run(ctx, Stages.Stage.ALL);
        if (updateGolden) {
          Expectations.updateGolden(loaded, target);
          System.out.println("golden files rewritten from this run's output");
        }
        List<Expectations.Result> results = Expectations.check(loaded, target, runId);
        int failed = 0;
        for (Expectations.Result r : results) {
          System.out.println((r.passed() ? "  PASS " : "  FAIL ") + r.expectation().where().file() + ":"
              + r.expectation().where().line() + ": " + r.message());
          failed += r.passed() ? 0 : 1;
        }
        System.out.printf("%d expectation(s), %d failed%n", results.size(), failed);
        return failed == 0 ? 0 : 1;
      } finally {
        if (temporary != null) {
          deleteRecursively(temporary);
        }
      }
    });
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
