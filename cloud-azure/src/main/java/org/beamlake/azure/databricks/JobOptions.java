package org.beamlake.azure.databricks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What submit and deploy share: the project, the lake, the jar, the cluster. */
final class JobOptions {
  @Parameters(index = "0", paramLabel = "PROJECT", description = "the project as the cluster reads it: a URI such as "
      + "azfs://account/container/projects/sales, or a /Volumes/… path")
  String project;

  @Parameters(index = "1..*", paramLabel = "BEAM_OPTION", description = "Beam options for every task, after -- "
      + "(credentials only as $${env:NAME}, set on the cluster with --cluster-env)")
  List<String> beamArgs = new ArrayList<>();

  @Option(names = "--lake", required = true, description = "the lake's URI as the cluster reads it")
  String lake;

  @Option(names = "--stages", split = ",", defaultValue = "capture,etl,analytics",
      description = "stages, one task each, in order (default: ${DEFAULT-VALUE})")
  List<String> stages;

  @Option(names = "--jar", defaultValue = "dist/target/beamlake.jar",
      description = "the cluster jar to upload (default: ${DEFAULT-VALUE})")
  Path jar;

  @Option(names = "--volume", required = true, paramLabel = "/Volumes/CATALOG/SCHEMA/VOLUME[/DIR]",
      description = "where the jar is uploaded, named by its content; skipped when already there")
  String volume;

  @Option(names = "--existing-cluster", paramLabel = "ID", description = "run on this all-purpose cluster instead "
      + "of a new job cluster")
  String existingCluster;

  @Option(names = "--spark-version", defaultValue = "16.4.x-scala2.12",
      description = "Databricks Runtime of the new cluster (default: ${DEFAULT-VALUE}); checked with check-target")
  String sparkVersion;

  @Option(names = "--node-type", description = "node type of the new cluster, e.g. Standard_D4ds_v5")
  String nodeType;

  @Option(names = "--workers", defaultValue = "2", description = "workers of the new cluster (default: ${DEFAULT-VALUE})")
  int workers;

  @Option(names = "--autoscale", paramLabel = "MIN..MAX", description = "autoscale the new cluster between MIN and "
      + "MAX workers, instead of --workers")
  String autoscale;

  @Option(names = "--cluster-env", paramLabel = "NAME=VALUE", description = "an environment variable of the new "
      + "cluster; use {{secrets/SCOPE/KEY}} for a secret, e.g. AZURE_STORAGE_KEY={{secrets/lake/key}}")
  Map<String, String> clusterEnv = new LinkedHashMap<>();

  ClusterSpec cluster() {
    if (existingCluster != null) {
      return new ClusterSpec(existingCluster, null, null, 0, 0, 0, Map.of());
    }
    if (nodeType == null) {
      throw new CommandLine.PicocliException("a new job cluster needs --node-type (e.g. Standard_D4ds_v5), or give "
          + "--existing-cluster ID");
    }
    int min = 0;
    int max = 0;
    if (autoscale != null) {
      String[] range = autoscale.split("\\.\\.");
      if (range.length != 2 || !range[0].matches("\\d+") || !range[1].matches("\\d+")) {
        throw new IllegalArgumentException("--autoscale: expected MIN..MAX, e.g. 2..8, got '" + autoscale + "'");
      }
      min = Integer.parseInt(range[0]);
      max = Integer.parseInt(range[1]);
    }
    return new ClusterSpec(null, sparkVersion, nodeType, workers, min, max, clusterEnv);
  }

  JobSpec spec(String runId, String jarPath) {
    return new JobSpec(project, lake, stages, runId, jarPath, cluster(), beamArgs);
  }
}
