package org.beamlake.stage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.io.ReadableFileCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.lake.TableSchemas;
import org.beamlake.project.DatasetConfig;
import org.beamlake.project.Project;
import org.beamlake.project.ProjectError;
import org.beamlake.project.TableConfig;
import org.beamlake.quarantine.Lineage;

/**
 * Checks a loaded project without reading any data: builds every stage's pipeline graph on empty
 * inputs (never running it), so each step, rule and SQL query is checked by the very transforms
 * that will run it: unknown columns, wrong types, bad expressions, SQL errors with their position.
 *
 * <p>Steps that depend on the data (drop constant columns) are taken as keeping every column, so
 * SQL that uses a column such a step may drop passes here and fails at run time.
 */
public final class ProjectValidator {
  private ProjectValidator() {}

  /** Every mistake found; empty when the project is fine. */
  /**
   * Every mistake in {@code project}, datasets without declared columns checked against the columns
   * inferred from {@code filesOf} them; a dataset that cannot be inferred is one mistake at its key,
   * and SQL over it is not checked (as for {@code notLoaded}, datasets already reported).
   */
  public static List<ProjectError> validateInferring(Project project, PipelineOptions options,
      java.util.function.Function<DatasetConfig, List<String>> filesOf, java.util.Set<String> notLoaded) {
    List<ProjectError> errors = new ArrayList<>();
    Project resolved = SchemaInference.resolve(project, filesOf, null, errors);
    java.util.Set<String> skipped = new java.util.HashSet<>(notLoaded);
    project.datasets().keySet().stream().filter(d -> !resolved.datasets().containsKey(d)).forEach(skipped::add);
    errors.addAll(validate(resolved, options, skipped));
    return errors;
  }

  public static List<ProjectError> validate(Project project, PipelineOptions options) {
    return validate(project, options, java.util.Set.of());
  }

  /**
   * Every mistake found in {@code project}, which may hold only the parts of a project file that
   * loaded: a table whose SQL names one of {@code notLoaded} (declared datasets that did not load,
   * their mistakes already reported) is not checked.
   */
  public static List<ProjectError> validate(Project project, PipelineOptions options, java.util.Set<String> notLoaded) {
    List<ProjectError> errors = new ArrayList<>();
    Pipeline p = Pipeline.create(options);
    Map<String, PCollection<Row>> built = new HashMap<>();
    Map<String, PCollection<Row>> trusted = new HashMap<>();
    Map<String, PCollection<Row>> refined = new HashMap<>();
    for (String name : BuildOrder.of(project.datasets())) {
      DatasetConfig config = project.datasets().get(name);
      if (!built.keySet().containsAll(BuildOrder.dependencies(config))) {
        continue; // a dataset it needs already failed; its own error is reported
      }
      try {
        StepFailure.at(config.where(), () -> p.apply(name + "/NoFiles", Create.empty(ReadableFileCoder.of()))
            .apply(name + "/Parse", Parsers.forFormat(config)));
        Schema parsed = Lineage.withLineage(DatasetBuilder.declaredSchema(config));
        PCollection<Row> rows = empty(p, name + "/Rows", parsed);
        List<ProjectError> found = new ArrayList<>();
        DatasetBuilder.Built b = new DatasetBuilder(config, built, Map.of(), true, RowCounts.none()).collectingErrors(found).fromRows(rows);
        errors.addAll(found);
        if (found.isEmpty()) { // a dataset with mistakes would only add follow-on errors downstream
          built.put(name, b.rows());
          trusted.put(name, empty(p, name + "/Trusted", TableSchemas.normalize(b.rows().getSchema())));
        }
      } catch (StepFailure e) {
        errors.add(e.error());
      }
    }
    for (TableConfig table : project.tables().values()) {
      List<String> inputs = project.datasets().keySet().stream()
          .filter(d -> AnalyticsStage.mentions(table.sql(), d)).sorted().toList();
      if (notLoaded.stream().anyMatch(d -> AnalyticsStage.mentions(table.sql(), d))) {
        continue;
      }
      if (inputs.isEmpty()) {
        errors.add(table.where().error(table.sqlFile() + " reads no dataset of the project; datasets are "
            + project.datasets().keySet().stream().sorted().toList()));
        continue;
      }
      if (!trusted.keySet().containsAll(inputs)) {
        continue;
      }
      try {
        PCollection<Row> rows = AnalyticsStage.query(table, trusted);
        if (table.partitionBy() != null && !rows.getSchema().hasField(table.partitionBy())) {
          errors.add(table.where().error("partition_by: the query has no column '" + table.partitionBy()
              + "'; its columns are " + rows.getSchema().getFieldNames()));
        }
        errors.addAll(ChartChecks.check(table, TableSchemas.normalize(rows.getSchema())));
        refined.put(table.name(), empty(p, table.name() + "/Refined", TableSchemas.normalize(rows.getSchema())));
      } catch (StepFailure e) {
        errors.add(e.error());
      }
    }
    errors.addAll(models(project, trusted, refined));
    return errors;
  }

  /**
   * Builds each model's graph on the empty trusted and refined inputs: unknown or mistyped feature,
   * label, group and key columns are found before any data is read. A model read from an earlier
   * run ({@code from_run}) is checked against what it scores (its artifact is read at run time).
   */
  private static List<ProjectError> models(Project project, Map<String, PCollection<Row>> trusted,
      Map<String, PCollection<Row>> refined) {
    List<ProjectError> errors = new ArrayList<>();
    for (org.beamlake.project.ModelConfig model : project.models().values()) {
      List<String> needs = model.fromRun() == null ? List.of(model.input(), model.score()) : List.of(model.score());
      if (!needs.stream().allMatch(n -> trusted.containsKey(n) || refined.containsKey(n))) {
        continue; // an input with mistakes of its own, already reported
      }
      java.util.function.Function<String, PCollection<Row>> input = n -> trusted.containsKey(n) ? trusted.get(n) : refined.get(n);
      try {
        if (model.fromRun() == null) {
          MlStage.build(model, "validate", "validate/refined", input, null, RowCounts.none());
        } else {
          Schema scored = input.apply(model.score()).getSchema();
          List<String> problems = new ArrayList<>(
              new org.beamlake.ml.FeatureSpec(model.features(), model.categorical(), false).problems(scored));
          model.keys().stream().filter(k -> !scored.hasField(k))
              .forEach(k -> problems.add("key column '" + k + "' is missing (columns: " + scored.getFieldNames() + ")"));
          if (!problems.isEmpty()) {
            errors.add(model.where().error("score: " + String.join("; ", problems)));
          }
        }
      } catch (StepFailure e) {
        errors.add(e.error());
      }
    }
    return errors;
  }

  static PCollection<Row> empty(Pipeline p, String name, Schema schema) {
    return p.apply(name, Create.empty(RowCoder.of(schema))).setRowSchema(schema);
  }
}
