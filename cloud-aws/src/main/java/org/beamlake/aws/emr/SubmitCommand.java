package org.beamlake.aws.emr;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.beamlake.capture.Secrets;
import org.beamlake.lake.Lake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.StepConfig;
import software.amazon.awssdk.services.emr.model.StepState;
import software.amazon.awssdk.services.emr.model.StepSummary;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code beamlake emr submit}: a run of a project as steps, on a cluster or a transient one. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Checks the release (check-target), uploads the cluster jar (named by its content, skipped when "
        + "there) and the project to the staging prefix, and adds one spark-submit step per stage to the cluster; "
        + "with --transient, starts a cluster that runs the steps and terminates itself. Submitting again with the "
        + "same --run-id adds no step twice and starts no second cluster.",
    footer = {"", "Examples:",
        "  beamlake emr submit projects/sales --config emr.yaml --cluster j-2AXXXXXXGAPLF \\",
        "      --lake s3://my-lake/lakes/sales --run-id 20260101T000000Z --wait",
        "  beamlake emr submit projects/sales --config emr.yaml --transient --lake s3://my-lake/lakes/sales"})
final class SubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AwsArgs aws;

  @Parameters(index = "0", paramLabel = "PROJECT", description = "the project's directory (uploaded), or its s3:// URI")
  String project;

  @Parameters(index = "1..*", paramLabel = "BEAM_OPTION", description = "Beam options for every step, after --")
  List<String> beamArgs = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE", description = "the cluster's config: an emr.yaml, or a project "
      + "with an emr: section (default: PROJECT's emr: section, for a local project)")
  Path config;

  @Option(names = "--lake", required = true, description = "the lake's s3:// URI")
  String lake;

  @Option(names = "--cluster", paramLabel = "CLUSTER_ID", description = "add the steps to this cluster (default: "
      + "the config's clusterId)")
  String clusterId;

  @Option(names = "--transient", description = "start a cluster for this run only; it terminates after the last step")
  boolean transientCluster;

  @Option(names = "--run-id", description = "the beamlake run id of every stage (default: a new one)")
  String runId;

  @Option(names = "--stages", split = ",", defaultValue = "capture,etl,analytics",
      description = "stages, one step each, in order (default: ${DEFAULT-VALUE})")
  List<String> stages;

  @Option(names = "--jar", defaultValue = "dist/target/beamlake.jar",
      description = "the cluster jar to upload (default: ${DEFAULT-VALUE})")
  Path jar;

  @Option(names = "--wait", description = "follow the steps to their end, a line per state; exit 1 if one failed")
  boolean await;

  @Option(names = "--poll-seconds", defaultValue = "15", description = "first pause between polls with --wait, "
      + "doubled while nothing changes, up to 2 minutes (default: ${DEFAULT-VALUE})")
  double pollSeconds;

  @Override
  public Integer call() {
    return EmrCommand.guard(() -> {
      PrintStream out = System.out;
      if (config == null && project.contains("://")) {
        throw new IllegalArgumentException("--config: a project at " + project + " is not read here; give the "
            + "cluster's config with --config emr.yaml, or a local copy of the project with its emr: section");
      }
      EmrConfig c = EmrConfig.load(config != null ? config : Path.of(project));
      if (!lake.startsWith("s3://")) {
        throw new IllegalArgumentException("--lake: a cluster reads the lake from S3, expected s3://bucket/prefix, got '"
            + lake + "'");
      }
      String target = clusterId != null ? clusterId : c.clusterId();
      if (target == null && !transientCluster) {
        throw new IllegalArgumentException("no cluster: pass --cluster ID (from 'beamlake emr up'), set clusterId in "
            + config + ", or pass --transient");
      }
      if (target != null && transientCluster) {
        throw new IllegalArgumentException("--transient starts its own cluster: leave out --cluster and clusterId");
      }
      refuseCredentials(beamArgs);
      String id = runId != null ? Lake.name(runId) : UpCommand.newRunId();
      try (EmrClient emr = aws.emr(c); S3Client s3 = aws.s3(c)) {
        List<String> stepIds;
        if (transientCluster) {
          TargetCheck.before(spec, c.releaseLabel());
          Optional<Cluster> started = Clusters.ofRun(emr, c, id, Clusters.ANY);
          if (started.isPresent()) {
            target = started.get().id();
            out.println("run " + id + " already started cluster " + target + " ("
                + started.get().status().stateAsString() + "): not started again");
          } else {
            List<StepConfig> steps = steps(c, id, stage(s3, c, id, out));
            target = emr.runJobFlow(ClusterRequest.runJobFlow(c, id, steps, false)).jobFlowId();
            out.println("cluster " + target + " (" + ClusterRequest.clusterName(c, id) + ", started: "
                + c.releaseLabel() + "; terminates itself after the last step)");
          }
          stepIds = List.of();
        } else {
          String onCluster = target;
          Cluster cluster = emr.describeCluster(d -> d.clusterId(onCluster)).cluster();
          if (!Clusters.ACTIVE.contains(cluster.status().state())) {
            throw new IllegalStateException("cluster " + target + " is " + cluster.status().stateAsString()
                + ": start one with 'beamlake emr up' or pass --transient");
          }
          TargetCheck.before(spec, cluster.releaseLabel());
          stepIds = addSteps(emr, target, c, id, stage(s3, c, id, out), out);
        }
        out.println("run " + id + " on cluster " + target + ": " + String.join(" -> ", stages));
        if (!await) {
          out.println("follow it with: beamlake emr status " + target + " --wait");
          return 0;
        }
        return new ClusterWatch(emr, s3, target, EmrCommand.ticker(), out)
            .untilStepsEnd(stepIds, EmrCommand.seconds(pollSeconds)) ? 0 : 1;
      }
    });
  }

  /**
   * Step arguments are shown to anyone who may describe the cluster (console, API, logs): an option
   * holding a credential is accepted only as a {@code ${env:NAME}} reference, as on the command line,
   * and a credentials provider not at all, since the instance profile is the lake's credential on EMR.
   */
  static void refuseCredentials(List<String> beamArgs) {
    for (String arg : beamArgs) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        continue;
      }
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      if (name.equalsIgnoreCase("awsCredentialsProvider")) {
        throw new IllegalArgumentException("--awsCredentialsProvider: on EMR the steps read the lake with the "
            + "cluster's instance profile; leave it out (step arguments are visible to anyone who can describe the "
            + "cluster)");
      }
      if (CREDENTIAL.matcher(name).matches() && !value.isEmpty() && !Secrets.hasReference(value)) {
        throw new IllegalArgumentException("--" + name + " holds a credential: step arguments are visible to anyone "
            + "who can describe the cluster; give a reference such as '${env:NAME}', never the value");
      }
    }
  }

  private static final Pattern CREDENTIAL = Pattern.compile(".*(key|token|secret|password|connectionstring)",
      Pattern.CASE_INSENSITIVE);

  /** Uploads the jar and the project; returns their URIs. */
  private String[] stage(S3Client s3, EmrConfig c, String id, PrintStream out) throws java.io.IOException {
    return new String[] {Staging.jar(s3, c, jar, out), Staging.project(s3, c, project, id, out)};
  }

  private List<StepConfig> steps(EmrConfig c, String id, String[] staged) {
    return stages.stream().map(stage -> ClusterRequest.step(id, stage, staged[0], staged[1], lake, beamArgs,
        c.actionOnFailure())).toList();
  }

  /**
   * Adds the run's steps a previous submit has not added (found by name), so a re-run after a crash
   * adds none twice. A stage whose latest step failed, was cancelled or interrupted is added again,
   * with every stage after it: the run resumes where it stopped and never repeats a completed stage.
   * Returns every stage's step id, in order.
   */
  private List<String> addSteps(EmrClient emr, String cluster, EmrConfig c, String id, String[] staged,
      PrintStream out) {
    Map<String, StepSummary> latest = new HashMap<>();
    for (StepSummary step : emr.listStepsPaginator(l -> l.clusterId(cluster)).steps()) {
      latest.putIfAbsent(step.name(), step); // newest first
    }
    List<StepConfig> toAdd = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (StepConfig step : steps(c, id, staged)) {
      StepSummary before = latest.get(step.name());
      boolean live = before != null && LIVE.contains(before.status().state());
      if (!toAdd.isEmpty() || !live) {
        toAdd.add(step);
        notes.add(before == null ? "added" : "added again, was " + before.status().stateAsString());
      } else {
        notes.add("already added");
      }
    }
    List<String> added = toAdd.isEmpty() ? List.of()
        : emr.addJobFlowSteps(a -> a.jobFlowId(cluster).steps(toAdd)).stepIds();
    List<String> ids = new ArrayList<>();
    int skipped = stages.size() - toAdd.size();
    for (int i = 0; i < stages.size(); i++) {
      String stepId = i < skipped ? latest.get(ClusterRequest.stepName(id, stages.get(i))).id()
          : added.get(i - skipped);
      out.printf("step      %-10s %s (%s)%n", stages.get(i), stepId, notes.get(i));
      ids.add(stepId);
    }
    return ids;
  }

  private static final Set<StepState> LIVE =
      Set.of(StepState.PENDING, StepState.CANCEL_PENDING, StepState.RUNNING, StepState.COMPLETED);
}
