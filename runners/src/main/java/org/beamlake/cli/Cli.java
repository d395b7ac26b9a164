package org.beamlake.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.beamlake.direct.DirectPipeline;
import org.beamlake.lake.Lake;
import org.beamlake.project.ProjectError;
import org.beamlake.project.ProjectException;
import org.beamlake.spark.SparkPipeline;
import org.beamlake.stage.Stages;

/** What the commands share: error reporting and exit codes, pipelines, the latest run. */
final class Cli {
  private Cli() {}

  /** Runs a command body; a project mistake prints one line per mistake, any failure its cause; exit 1. */
  static int guard(Callable<Integer> body) {
    try {
      return body.call();
    } catch (ProjectException e) {
      for (ProjectError error : e.errors()) {
        System.err.println(error);
      }
      System.err.println(e.errors().size() + (e.errors().size() == 1 ? " mistake" : " mistakes") + " found; nothing was run.");
      return 1;
    } catch (Exception e) {
      System.err.println("error: " + Stages.rootMessage(e));
      if (System.getenv("BEAMLAKE_DEBUG") != null) {
        e.printStackTrace();
      } else {
        System.err.println("(set BEAMLAKE_DEBUG=1 for the stack trace)");
      }
      return 1;
    }
  }

  static Function<String, Pipeline> pipelines(PipelineOptions options) {
    return jobName -> {
      options.setJobName(jobName);
      if (options.getRunner() == DirectRunner.class) {
        return DirectPipeline.create(options);
      }
      return options.getRunner() == SparkRunner.class ? SparkPipeline.create(options) : Pipeline.create(options);
    };
  }

  /** The most recent run id recorded in the lake's {@code _runs/}. */
  static String latestRunId(Lake lake) {
    try {
      MatchResult m = FileSystems.match(lake.runs() + "*.json", EmptyMatchTreatment.ALLOW);
      String latest = null;
      if (m.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata file : m.metadata()) {
          String name = file.resourceId().getFilename();
          String id = name.substring(0, name.length() - ".json".length());
          if (latest == null || id.compareTo(latest) > 0) {
            latest = id;
          }
        }
      }
      if (latest == null) {
        throw new IllegalStateException("no run recorded in " + lake.runs() + "; pass --run-id or run --stage all first");
      }
      return latest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
