package org.beamlake.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptions;
import org.beamlake.lake.Lake;
import org.beamlake.project.Project;
import org.beamlake.project.ProjectError;
import org.beamlake.project.ProjectException;
import org.beamlake.project.ProjectLoader;
import org.beamlake.spi.LakeStore;
import org.beamlake.stage.Progress;
import org.beamlake.stage.ProjectValidator;
import org.beamlake.stage.SchemaInference;
import org.beamlake.stage.StageContext;
import org.beamlake.stage.Stages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code beamlake run}: runs one stage or all of them. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs a project's stages into a lake: capture (sources into raw), etl (raw into trusted and "
        + "quarantine), analytics (SQL into refined), or all of them in order.",
    footer = {"", "Examples:",
        "  beamlake run testdata/world-indicators                      # all stages, Spark in-process, lake/ here",
        "  beamlake run testdata/world-indicators --runner direct --sample   # DirectRunner on the sample data",
        "  beamlake run my-project --stage etl --run-id 20260101T000000Z",
        "  beamlake run my-project --lake s3://bucket/lakes/sales -- --awsRegion=eu-west-1",
        "", "Re-running a stage with the same --run-id replaces its outputs; nothing is ever appended twice."})
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PROJECT", description = "project directory (with beamlake.yaml) or YAML "
      + "file: a path, or a URI such as s3://bucket/projects/sales")
  String project;

  @Parameters(index = "1..*", paramLabel = "BEAM_OPTION", description = "extra Beam pipeline options, after --")
  List<String> beamArgs = new ArrayList<>();

  @Option(names = "--stage", defaultValue = "all", description = "capture, etl, analytics, ml or all (default: ${DEFAULT-VALUE})")
  String stage;

  @Option(names = "--runner", defaultValue = "spark", description = "spark (in-process, or the cluster's under "
      + "spark-submit) or direct (Beam's DirectRunner: for samples and "
      + "tests; Spark is what scales) (default: ${DEFAULT-VALUE})")
  RunnerChoice runner;

  @Option(names = "--sample", description = "capture each source's 'sample' instead of its real location")
  boolean sample;

  @Option(names = "--lake", description = "lake location: a path, s3://bucket/prefix or azfs://account/container/prefix "
      + "(default: the project's 'lake', else lake/ in the current directory)")
  String lake;

  @Option(names = "--run-id", description = "run id (default: a new one for capture and all; the latest run for a later stage)")
  String runId;

  @Option(names = "--spark-master", description = "Spark master of an in-process run (default: local[*]); under "
      + "spark-submit or in an existing Spark session the cluster's master is used and this option is refused")
  String sparkMaster;

  @Option(names = "--quiet", description = "print only errors and where the run report is (the full output "
      + "still goes to _runs/RUN_ID/STAGE.log)")
  boolean quiet;

  @Option(names = "--verbose", description = "also show Beam's and Spark's INFO log lines on the console (they "
      + "are always in _runs/RUN_ID/STAGE.log)")
  boolean verbose;

  @Option(names = "--sandbox", description = "start the local stand-ins the demo projects capture from (see 'beamlake "
      + "sandbox') for this run only, and stop them after")
  boolean sandbox;

  @Override
  public Integer call() {
    return Cli.guard(() -> {
      Stages.Stage which = Stages.Stage.parse(stage);
      PipelineOptions options = runner.options(beamArgs, false, sparkMaster != null ? sparkMaster : "local[*]");
      String master = RunnerChoice.sparkMaster(options);
      if (runner == RunnerChoice.DIRECT && sparkMaster != null) {
        throw new IllegalArgumentException("--spark-master is for the spark runner; the direct runner has no master");
      }
      if (sparkMaster != null && !sparkMaster.equals(master)) {
        throw new IllegalArgumentException("--spark-master " + sparkMaster + " conflicts with the cluster's master "
            + master + ": under spark-submit, set the master with spark-submit's --master");
      }
      // Before loading: the project may be at an s3:// or abfss:// URI.
      LakeFileSystems.use(options, beamArgs, lake, project);
      Project loaded = ProjectLoader.load(project);
      org.beamlake.azure.blob.AzfsCredentials.requireCommit(lake != null ? lake : loaded.lake(), options);
      // Every mistake before any data is touched: the same checks as `beamlake validate`.
      List<ProjectError> errors = ProjectValidator.validateInferring(loaded,
          RunnerChoice.DIRECT.options(List.of(), true, "local[1]"),
          d -> SchemaInference.datasetFiles(loaded, d, sample), java.util.Set.of());
      if (!errors.isEmpty()) {
        throw new ProjectException(errors);
      }
      Lake target = Lake.at(lake != null ? lake : loaded.lake() != null ? loaded.lake() : "lake");
      // Again: the project's own lake may be the bridged one, and validation's pipelines made their
      // (local) options the filesystems' default.
      LakeFileSystems.use(options, beamArgs, target.base(), project);
      java.util.Optional<LakeStore> store = LakeCommand.storeIfAny(target.base());
      if (store.isPresent()) {
        store.get().checkBeforeRun(target.base(), options); // e.g. S3: no public bucket
      }
      String id = runId != null ? runId : (which == Stages.Stage.ALL || which == Stages.Stage.CAPTURE)
          ? newRunId() : Cli.latestRunId(target);
      RunLog log = new RunLog(quiet ? null : System.out);
      // A live progress line only on a terminal: in CI or a pipe it would be noise in the output.
      if (quiet) {
        Progress.showOn(null);
      } else if (System.console() != null) {
        Progress.showOn(System.out);
      }
      PrintStream out = log.out();
      out.println("beamlake: project " + loaded.name() + ", run " + id + ", " + runner.name().toLowerCase()
          + " runner" + (master != null ? " (" + master + ")" : "") + ", lake " + target.base());
      StageContext ctx = new StageContext(loaded, target, id, Cli.pipelines(options), options, sample, out);
      try (Sandbox standIns = sandbox ? Sandbox.start(0, 0, Sandbox.referenced(loaded)).export() : null) {
        if (standIns != null) {
          out.println("sandbox: " + String.join(", ", standIns.environment().keySet()) + " on 127.0.0.1");
        }
        Stages.run(ctx, which);
        LakeSummary.print(target, id, out);
      } catch (RuntimeException e) {
        log.note("error: " + Stages.rootMessage(e)); // the console gets it from Cli.guard
        throw e;
      } finally {
        String saved = log.save(target, id, which.name().toLowerCase(java.util.Locale.ROOT));
        if (!quiet) {
          System.out.println("  full log:   " + saved.substring(target.base().length()));
        }
      }
      if (quiet) {
        System.out.println(org.beamlake.report.RunReport.location(target, id));
      }
      return 0;
    });
  }

  static String newRunId() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
  }
}
