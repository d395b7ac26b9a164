package org.beamlake.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.beamlake.project.Project;
import org.beamlake.project.ProjectError;
import org.beamlake.project.ProjectException;
import org.beamlake.project.ProjectLoader;
import org.beamlake.stage.ProjectValidator;
import org.beamlake.stage.SchemaInference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code beamlake validate}: every mistake in a project, without reading any data. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Checks a project without running it: the YAML (keys, types, names), the files it names, every "
        + "step and rule (datasets without 'columns': against the columns inferred from their source's files) against the columns they get, and every SQL query against the dataset schemas. "
        + "Prints one line per mistake (file:line: key: what is wrong). Exit code 0 if valid, 1 if not.",
    footer = {"", "Examples:", "  beamlake validate testdata/world-indicators", "  beamlake validate my-project/beamlake.yaml"})
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PROJECT", description = "project directory (with beamlake.yaml) or YAML "
      + "file: a path, or a URI such as s3://bucket/projects/sales")
  String project;

  @Override
  public Integer call() {
    return Cli.guard(() -> {
      PipelineOptions options = RunnerChoice.DIRECT.options(List.of(), true, "local[1]");
      FileSystems.setDefaultPipelineOptions(options);
      Project loaded;
      try {
        loaded = ProjectLoader.load(project);
      } catch (ProjectException e) {
        // Check the parts that did load as well, so one run lists every mistake.
        List<ProjectError> all = new java.util.ArrayList<>(e.errors());
        java.util.Set<String> notLoaded = new java.util.HashSet<>();
        for (ProjectError error : e.errors()) {
          String[] key = error.key().split("[.\\[]");
          if (key.length > 1 && key[0].equals("datasets")) {
            notLoaded.add(key[1]);
          }
        }
        e.partial().ifPresent(p -> all.addAll(ProjectValidator.validateInferring(p, options, filesOf(p), notLoaded)));
        throw new ProjectException(all);
      }
      List<ProjectError> errors = ProjectValidator.validateInferring(loaded, options, filesOf(loaded), java.util.Set.of());
      if (!errors.isEmpty()) {
        throw new ProjectException(errors);
      }
      System.out.printf("%s is valid: %d source(s), %d dataset(s), %d table(s), %d model(s), %d expectation(s)%n",
          loaded.file(), loaded.sources().size(), loaded.datasets().size(), loaded.tables().size(),
          loaded.models().size(), loaded.expectations().size());
      return 0;
    });
  }

  /** Columns are inferred from a dataset's source files: its location and its sample. */
  private static java.util.function.Function<org.beamlake.project.DatasetConfig, List<String>> filesOf(Project p) {
    return d -> {
      List<String> files = new java.util.ArrayList<>(SchemaInference.datasetFiles(p, d, false));
      files.addAll(SchemaInference.datasetFiles(p, d, true));
      return files.stream().distinct().toList();
    };
  }
}
