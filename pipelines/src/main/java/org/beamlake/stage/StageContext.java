package org.beamlake.stage;

import java.io.PrintStream;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.beamlake.lake.Lake;
import org.beamlake.project.Project;

/**
 * What every stage needs: the project, the lake, the run id, how to create a pipeline on the chosen
 * runner, whether to capture the sample data instead of the real sources, and where to print.
 *
 * @param pipelines creates a pipeline with the given job name on the chosen runner
 */
public record StageContext(
    Project project,
    Lake lake,
    String runId,
    Function<String, Pipeline> pipelines,
    PipelineOptions options,
    boolean sample,
    PrintStream out) {

  /** The same context for another version of the project (e.g. with inferred columns). */
  public StageContext withProject(Project other) {
    return new StageContext(other, lake, runId, pipelines, options, sample, out);
  }

  /**
   * Whether the pipelines run on Beam's DirectRunner (samples, {@code beamlake test}, the tests),
   * whose bundles are an artifact of how it runs rather than of the data.
   */
  public boolean onDirectRunner() {
    return options.getRunner() != null && options.getRunner().getName().equals("org.apache.beam.runners.direct.DirectRunner");
  }

  /** A new pipeline for one stage (or one pass of it), named for the runner's UI. */
  public Pipeline newPipeline(String purpose) {
    return pipelines.apply(("beamlake-" + project.name() + "-" + purpose + "-" + runId)
        .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-"));
  }
}
