package org.beamlake.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableReader;
import org.beamlake.project.Project;
import org.beamlake.project.ProjectLoader;
import org.beamlake.stage.StageContext;
import org.beamlake.stage.StageReport;
import org.beamlake.stage.Stages;

/** The world-indicators demo for tests: where it is, and running it on its sample data. */
final class DemoProject {
  /** Surefire runs in the module directory; the demo lives beside it. */
  static final Path DIR = Path.of("..", "testdata", "world-indicators").toAbsolutePath().normalize();

  private DemoProject() {}

  static Project load() {
    return ProjectLoader.load(DIR);
  }

  /**
   * A copy of the demo in {@code dir} without its models and the two tables only they read
   * ({@code next_years}, {@code country_profile}): the lake the catalog, serve and report tests
   * assert table by table, whose ml part has its own tests.
   */
  static Path withoutModels(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(DIR)) {
      for (Path file : files.toList()) {
        Path target = dir.resolve(DIR.relativize(file).toString());
        if (java.nio.file.Files.isDirectory(file)) {
          java.nio.file.Files.createDirectories(target);
        } else {
          java.nio.file.Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path yaml = dir.resolve(ProjectLoader.FILE_NAME);
    String text = java.nio.file.Files.readString(yaml);
    int from = text.indexOf("\n  next_years:");
    int to = text.indexOf("\n# Checked by");
    if (from < 0 || to < from || !text.substring(from, to).contains("\nmodels:")) {
      throw new IllegalStateException(yaml + ": the demo's next_years, country_profile and models: are not where "
          + "this copy expects them (before '# Checked by')");
    }
    java.nio.file.Files.writeString(yaml, text.substring(0, from) + "\n" + text.substring(to));
    return dir;
  }

  static PipelineOptions options(RunnerChoice runner) {
    PipelineOptions options = runner.options(List.of(), true, "local[2]");
    FileSystems.setDefaultPipelineOptions(options);
    return options;
  }

  /** Runs stages of a project on its sample data; returns the reports. Output is captured, not printed. */
  static List<StageReport> run(Project project, Lake lake, String runId, RunnerChoice runner, Stages.Stage stage) {
    PipelineOptions options = options(runner);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    StageContext ctx = new StageContext(project, lake, runId, Cli.pipelines(options), options, true, quiet);
    return Stages.run(ctx, stage);
  }

  /** A table's rows as sorted lists of values, for exact comparisons. */
  static List<List<Object>> rows(String tableDir) {
    TableReader.Table table = TableReader.readAll(tableDir);
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : table.rows()) {
      rows.add(new ArrayList<>(row.getValues()));
    }
    rows.sort(Comparator.comparing(Object::toString));
    return rows;
  }

  static List<String> columns(String tableDir) {
    Schema schema = TableReader.readAll(tableDir).schema();
    return schema.getFieldNames();
  }

  static Map<String, Long> counts(List<StageReport> reports, String stage) {
    return reports.stream().filter(r -> r.stage().equals(stage)).findFirst().orElseThrow().counts();
  }
}
