package org.beamlake.stage;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.beamlake.parse.InferColumns;
import org.beamlake.project.DatasetConfig;
import org.beamlake.project.FormatConfig;
import org.beamlake.project.Project;
import org.beamlake.project.ProjectError;
import org.beamlake.project.ProjectException;
import org.beamlake.project.SourceConfig;

/**
 * Gives every dataset that declares no {@code columns} the columns inferred from its source's
 * files ({@link InferColumns}), so the rest of beamlake always sees a declared schema. Inferred
 * columns are a starting point: {@code beamlake infer} prints them as YAML to pin in the project.
 */
public final class SchemaInference {
  /** Records looked at per dataset. */
  public static final long MAX_RECORDS = 10_000;

  private SchemaInference() {}

  /** The datasets without declared columns. */
  public static List<String> undeclared(Project project) {
    return project.datasets().values().stream().filter(d -> d.columns().isEmpty()).map(DatasetConfig::name).toList();
  }

  /** Columns of one dataset inferred from {@code files} (patterns or paths) in its format. */
  public static InferColumns.Inferred infer(DatasetConfig dataset, List<String> files) {
    FormatConfig f = dataset.format();
    if (f.kind() == FormatConfig.Kind.CSV) {
      if (!f.header()) {
        throw new IllegalArgumentException("datasets." + dataset.name()
            + ": a CSV without a header has no column names to infer; declare 'columns'");
      }
      return InferColumns.csv(files, f.delimiter(), f.quote(), f.charset(), new HashSet<>(f.nullValues()), MAX_RECORDS);
    }
    return InferColumns.json(files, f.recordsAt(), f.kind() == FormatConfig.Kind.JSONL, f.charset(), MAX_RECORDS);
  }

  /**
   * The project with inferred columns for every dataset that declares none; {@code filesOfDataset}
   * gives the files (paths or globs) to look at for a dataset.
   */
  public static Project resolve(Project project, Function<DatasetConfig, List<String>> filesOfDataset, PrintStream out) {
    return resolve(project, filesOfDataset, out, null);
  }

  /**
   * The files a source's dataset would be inferred from before anything is captured: the source's
   * own location (its sample with {@code sample}).
   */
  public static List<String> sourceFiles(Project project, String source, boolean sample) {
    SourceConfig s = project.sources().get(source);
    if (s == null) {
      return List.of();
    }
    if (!s.isFiles() || SourceCaptures.isUrl(s.location())) { // a service: only its sample files can be looked at beforehand
      return s.sampleLocation() != null ? List.of(s.sampleLocation()) : List.of();
    }
    return List.of(sample && s.sampleLocation() != null ? s.sampleLocation() : s.location());
  }

  /**
   * The files a dataset would be inferred from before anything is captured: its source's files
   * ({@link #sourceFiles}), narrowed by the dataset's {@code files} glob.
   */
  public static List<String> datasetFiles(Project project, DatasetConfig d, boolean sample) {
    List<String> files = sourceFiles(project, d.source(), sample);
    if (d.files() == null) {
      return files;
    }
    return files.stream().map(location -> narrow(location, d.files())).toList();
  }

  /** {@code glob} under the directory part of {@code location} (before its first wildcard). */
  static String narrow(String location, String glob) {
    int wildcard = location.length();
    for (char c : new char[] {'*', '?', '[', '{'}) {
      int at = location.indexOf(c);
      if (at >= 0) {
        wildcard = Math.min(wildcard, at);
      }
    }
    String base = wildcard == location.length() ? location : location.substring(0, location.lastIndexOf('/', wildcard));
    return (base.endsWith("/") ? base : base + "/") + glob;
  }

  /**
   * As {@link #resolve(Project, Function, PrintStream)}; with {@code errors}, a dataset whose
   * columns cannot be inferred is reported there (at its own line) and left out of the returned
   * project, instead of failing.
   */
  public static Project resolve(Project project, Function<DatasetConfig, List<String>> filesOfDataset, PrintStream out,
      List<ProjectError> errors) {
    if (undeclared(project).isEmpty()) {
      return project;
    }
    Map<String, DatasetConfig> datasets = new LinkedHashMap<>();
    for (DatasetConfig d : project.datasets().values()) {
      if (!d.columns().isEmpty()) {
        datasets.put(d.name(), d);
        continue;
      }
      List<String> files = filesOfDataset.apply(d);
      String problem = null;
      InferColumns.Inferred inferred = null;
      try {
        inferred = infer(d, files);
        if (inferred.columns().isEmpty()) {
          problem = "declares no columns, and its source '" + d.source() + "' has no records to infer them from ("
              + String.join(", ", files) + ")";
        }
      } catch (RuntimeException e) {
        problem = "declares no columns, and they could not be inferred from " + String.join(", ", files) + ": "
            + e.getMessage() + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : "");
      }
      if (problem != null) {
        ProjectError error = new ProjectError(d.where().file(), d.where().line(), d.where().key(), problem);
        if (errors == null) {
          throw new ProjectException(List.of(error));
        }
        errors.add(error);
        continue; // left out, as a dataset that did not load
      }
      if (out != null) {
        out.println("  inferred " + inferred.columns().size() + " columns of " + d.name() + " from "
            + inferred.records() + " records; pin them in the project (beamlake infer prints them)");
      }
      datasets.put(d.name(), new DatasetConfig(d.name(), d.source(), d.format(), inferred.columns(), d.steps(), d.rules(),
          d.shards(), d.where(), d.files()));
    }
    return new Project(project.name(), project.description(), project.dir(), project.file(), project.lake(),
        project.sources(), datasets, project.tables(), project.expectations(), project.models(), project.databricks());
  }
}
