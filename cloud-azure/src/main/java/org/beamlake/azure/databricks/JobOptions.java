package org.beamlake.azure.databricks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.beamlake.project.DatabricksConfig;
import org.beamlake.project.ProjectLoader;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What submit and deploy share: the project, the lake, the jar, the cluster. */
final class JobOptions {
  static final String DEFAULT_SPARK_VERSION = "16.4.x-scala2.12";

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

  @Option(names = "--volume", paramLabel = "/Volumes/CATALOG/SCHEMA/VOLUME[/DIR]",
      description = "where the jar is uploaded, named by its content; skipped when already there (default: the "
          + "project's databricks.volume)")
  String volume;

  @Option(names = "--existing-cluster", paramLabel = "ID", description = "run on this all-purpose cluster instead "
      + "of a new job cluster")
  String existingCluster;

  @Option(names = "--spark-version", description = "Databricks Runtime of the new cluster (default: the project's "
      + "databricks.spark_version, else " + DEFAULT_SPARK_VERSION + "); checked with check-target")
  String sparkVersion;

  @Option(names = "--node-type", description = "node type of the new cluster, e.g. Standard_D4ds_v5")
  String nodeType;

  @Option(names = "--workers", description = "workers of the new cluster (default: the project's databricks.workers "
      + "or autoscale, else 2)")
  Integer workers;

  @Option(names = "--autoscale", paramLabel = "MIN..MAX", description = "autoscale the new cluster between MIN and "
      + "MAX workers, instead of --workers")
  String autoscale;

  @Option(names = "--cluster-env", paramLabel = "NAME=VALUE", description = "an environment variable of the new "
      + "cluster; use {{secrets/SCOPE/KEY}} for a secret, e.g. AZURE_STORAGE_KEY={{secrets/lake/key}}")
  Map<String, String> clusterEnv = new LinkedHashMap<>();

  @Option(names = "--local-project", paramLabel = "DIR", description = "a local copy of the project to read its "
      + "databricks: section from (default: PROJECT itself when it is a local path)")
  Path localProject;

  /**
   * Fills what the command line left out from the project's {@code databricks:} section, then the
   * defaults; options given on the command line win. Returns the section, or null without one.
   */
  DatabricksConfig applyProjectSettings() {
    DatabricksConfig d = projectSettings();
    if (d != null) {
      volume = volume != null ? volume : d.volume();
      boolean shapeGiven = nodeType != null || workers != null || autoscale != null;
      existingCluster = existingCluster != null ? existingCluster : shapeGiven ? null : d.existingCluster();
      sparkVersion = sparkVersion != null ? sparkVersion : d.sparkVersion();
      nodeType = nodeType != null ? nodeType : d.nodeType();
      if (workers == null && autoscale == null) {
        workers = d.workers();
        autoscale = d.autoscaleMin() != null ? d.autoscaleMin() + ".." + d.autoscaleMax() : null;
      }
      Map<String, String> env = new LinkedHashMap<>(d.clusterEnv());
      env.putAll(clusterEnv);
      clusterEnv = env;
    }
    sparkVersion = sparkVersion != null ? sparkVersion : DEFAULT_SPARK_VERSION;
    workers = workers != null ? workers : 2;
    if (volume == null) {
      throw new IllegalArgumentException("no volume for the jar: pass --volume /Volumes/CATALOG/SCHEMA/VOLUME or set "
          + "databricks.volume in the project");
    }
    return d;
  }

  private DatabricksConfig projectSettings() {
    Path local = localProject;
    if (local == null && !project.startsWith("/Volumes/") && !project.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")
        && Files.exists(Path.of(project))) {
      local = Path.of(project);
    }
    return local == null ? null : ProjectLoader.load(local).databricks();
  }

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
