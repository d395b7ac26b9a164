package org.beamlake.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import org.beamlake.parse.InferColumns;
import org.beamlake.project.DatasetConfig;
import org.beamlake.project.Project;
import org.beamlake.project.ProjectError;
import org.beamlake.project.ProjectException;
import org.beamlake.project.ProjectLoader;
import org.beamlake.schema.ColumnType;
import org.beamlake.stage.SchemaInference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code beamlake infer}: the columns of a dataset as its source's files suggest, as YAML to pin. */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    description = "Reads the first " + SchemaInference.MAX_RECORDS + " records of each dataset's source files and "
        + "prints the columns they suggest, as a 'columns:' block to paste into the project. A column is typed "
        + "int, long, boolean, double, date or timestamp only if every value seen fits; otherwise string, with a "
        + "comment when most values fit a number (pin the type and the odd values go to quarantine with a reason).",
    footer = {"", "Examples:", "  beamlake infer testdata/world-indicators",
        "  beamlake infer my-project --dataset orders --sample"})
final class InferCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PROJECT", description = "project directory (with beamlake.yaml) or YAML "
      + "file: a path, or a URI such as s3://bucket/projects/sales")
  String project;

  @Option(names = "--dataset", description = "only this dataset (default: every dataset)")
  String dataset;

  @Option(names = "--sample", description = "read each source's sample instead of its full location")
  boolean sample;

  @Override
  public Integer call() {
    return Cli.guard(() -> {
      FileSystems.setDefaultPipelineOptions(RunnerChoice.DIRECT.options(List.of(), true, "local[1]"));
      Project loaded = ProjectLoader.load(project);
      if (dataset != null && !loaded.datasets().containsKey(dataset)) {
        throw new ProjectException(List.of(new ProjectError(loaded.file().toString(), 0, "datasets",
            "no dataset '" + dataset + "'; the project has " + String.join(", ", loaded.datasets().keySet()))));
      }
      for (DatasetConfig d : loaded.datasets().values()) {
        if (dataset != null && !d.name().equals(dataset)) {
          continue;
        }
        List<String> files = SchemaInference.datasetFiles(loaded, d, sample);
        InferColumns.Inferred inferred = SchemaInference.infer(d, files);
        System.out.println(yaml(d, files, inferred));
      }
      return 0;
    });
  }

  /** The YAML block for one dataset, with notes as comments. */
  static String yaml(DatasetConfig d, List<String> files, InferColumns.Inferred inferred) {
    StringBuilder s = new StringBuilder();
    s.append("# datasets.").append(d.name()).append(": ").append(inferred.columns().size()).append(" columns from ")
        .append(inferred.records()).append(" records of ").append(String.join(", ", files)).append('\n');
    if (inferred.columns().isEmpty()) {
      return s.append("# no records found: nothing to infer\n").toString();
    }
    s.append("columns:\n");
    int width = inferred.columns().keySet().stream().mapToInt(String::length).max().orElse(0);
    for (Map.Entry<String, ColumnType> column : inferred.columns().entrySet()) {
      String line = "  " + column.getKey() + ": " + " ".repeat(width - column.getKey().length())
          + column.getValue().typeName();
      String note = inferred.notes().get(column.getKey());
      if (note != null) {
        line = String.format("%-" + (width + 14) + "s # %s", line, note);
      }
      s.append(line).append('\n');
    }
    if (!d.columns().isEmpty() && !d.columns().equals(inferred.columns())) {
      s.append("# differs from the declared columns: ").append(diff(d.columns(), inferred.columns())).append('\n');
    }
    return s.toString();
  }

  private static String diff(Map<String, ColumnType> declared, Map<String, ColumnType> inferred) {
    List<String> out = new java.util.ArrayList<>();
    declared.forEach((name, type) -> {
      ColumnType seen = inferred.get(name);
      if (seen == null) {
        out.add(name + " not seen");
      } else if (seen != type) {
        out.add(name + " declared " + type.typeName() + ", seen " + seen.typeName());
      }
    });
    inferred.keySet().stream().filter(n -> !declared.containsKey(n)).forEach(n -> out.add(n + " not declared"));
    return out.isEmpty() ? "column order" : String.join("; ", out);
  }
}
