package org.beamlake.aws.emr;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.beamlake.lake.Lake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code beamlake emr up}: a long-running cluster from the config, or the one it names. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Checks the release (check-target) and starts a cluster from the config file, which terminates "
        + "itself after idleTimeoutMinutes without steps. Run again with the same --run-id, it finds the cluster it "
        + "started instead of starting another. With clusterId in the config it only checks that cluster.",
    footer = {"", "Examples:", "  beamlake emr up --config emr.yaml --run-id sales-cluster --wait"})
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AwsArgs aws;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "the cluster's config: an emr.yaml, or a project with an emr: section")
  Path config;

  @Option(names = "--run-id", description = "names and tags the cluster; the same id finds it again (default: a "
      + "new one)")
  String runId;

  @Option(names = "--wait", description = "wait until the cluster is ready for steps")
  boolean await;

  @Option(names = "--poll-seconds", defaultValue = "15", description = "first pause between polls with --wait "
      + "(default: ${DEFAULT-VALUE})")
  double pollSeconds;

  @Override
  public Integer call() {
    return EmrCommand.guard(() -> {
      PrintStream out = System.out;
      EmrConfig c = EmrConfig.load(config);
      String id = runId != null ? Lake.name(runId) : newRunId();
      try (EmrClient emr = aws.emr(c); S3Client s3 = aws.s3(c)) {
        String clusterId;
        if (c.clusterId() != null) {
          Cluster cluster = emr.describeCluster(d -> d.clusterId(c.clusterId())).cluster();
          TargetCheck.before(spec, cluster.releaseLabel());
          clusterId = cluster.id();
          out.println("cluster " + clusterId + " (" + cluster.name() + ", attached: " + cluster.status().stateAsString()
              + ")");
        } else {
          TargetCheck.before(spec, c.releaseLabel());
          Optional<Cluster> started = Clusters.ofRun(emr, c, id, Clusters.ACTIVE);
          if (started.isPresent()) {
            clusterId = started.get().id();
            out.println("cluster " + clusterId + " (" + started.get().name() + ", already started for run " + id + ": "
                + started.get().status().stateAsString() + ")");
          } else {
            clusterId = emr.runJobFlow(ClusterRequest.runJobFlow(c, id, List.of(), true)).jobFlowId();
            out.println("cluster " + clusterId + " (" + ClusterRequest.clusterName(c, id) + ", started: "
                + c.releaseLabel() + "; terminates itself after " + c.idleTimeout().toMinutes() + " minutes idle)");
          }
        }
        if (await && !new ClusterWatch(emr, s3, clusterId, EmrCommand.ticker(), out)
            .untilReady(EmrCommand.seconds(pollSeconds))) {
          out.println("cluster " + clusterId + " terminated before it was ready: 'beamlake emr status " + clusterId
              + "' shows why");
          return 1;
        }
        out.println("submit to it with: beamlake emr submit PROJECT --config " + config + " --cluster " + clusterId
            + " --lake s3://…");
        out.println("stop it with:      beamlake emr down " + clusterId);
        return 0;
      }
    });
  }

  static String newRunId() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
  }
}
