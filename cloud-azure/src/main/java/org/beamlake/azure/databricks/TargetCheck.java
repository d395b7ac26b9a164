package org.beamlake.azure.databricks;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the CLI's own {@code check-target --databricks-runtime} on the runtime the tasks will run on
 * (the new cluster's, or the existing cluster's as the Clusters API reports it) before anything is
 * submitted: a jar built for another Spark or Scala would only fail on the cluster, minutes later.
 */
final class TargetCheck {
  private TargetCheck() {}

  static void before(CommandSpec spec, DatabricksClient client, ClusterSpec cluster) throws IOException {
    String runtime = cluster.existing()
        ? client.get("/api/2.0/clusters/get?cluster_id=" + URLEncoder.encode(cluster.existingClusterId(),
            StandardCharsets.UTF_8)).path("spark_version").asText()
        : cluster.sparkVersion();
    CommandLine check = spec.root().commandLine().getSubcommands().get("check-target");
    if (check == null) {
      throw new IllegalStateException("this CLI has no check-target command to check Databricks Runtime " + runtime);
    }
    if (check.execute("--databricks-runtime", runtime) != 0) {
      throw new IllegalStateException("Databricks Runtime " + runtime + " cannot run this build (see above); nothing "
          + "was submitted");
    }
  }
}
