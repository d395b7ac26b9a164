package org.beamlake.azure.databricks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where the tasks run: an existing all-purpose cluster, or a new job cluster (runtime, node type,
 * fixed workers or autoscale, environment variables). New clusters get Spark's Java 17 flags in the
 * driver's and executors' options and {@code JNAME=zulu17-ca-amd64}, so the jar runs on Java 17 on
 * runtimes whose default is still 8 (15.4 LTS) as on 16.4 LTS.
 *
 * @param env environment variables of the cluster; values such as {@code {{secrets/scope/key}}} are
 *     filled by Databricks from a secret scope, which is how {@code ${env:NAME}} options reach the jar
 */
public record ClusterSpec(
    @Nullable String existingClusterId,
    @Nullable String sparkVersion,
    @Nullable String nodeType,
    int workers,
    int minWorkers,
    int maxWorkers,
    Map<String, String> env) {

  /** The Java 17 options Spark's own launcher passes. */
  static final String JAVA17_FLAGS = org.beamlake.spi.SparkJava17.FLAGS;

  public ClusterSpec {
    env = Map.copyOf(env);
    if (existingClusterId == null) {
      if (sparkVersion == null || nodeType == null) {
        throw new IllegalArgumentException("a new job cluster needs --spark-version and --node-type (or give "
            + "--existing-cluster ID)");
      }
      if (maxWorkers > 0 ? minWorkers < 1 || minWorkers > maxWorkers : workers < 0) {
        throw new IllegalArgumentException("autoscale needs 1 <= min <= max workers, got " + minWorkers + ".."
            + maxWorkers);
      }
    }
  }

  /** Whether the tasks run on a cluster that already exists. */
  public boolean existing() {
    return existingClusterId != null;
  }

  /** The {@code new_cluster} object of the Jobs API. */
  ObjectNode newCluster() {
    ObjectNode cluster = JsonNodeFactory.instance.objectNode();
    cluster.put("spark_version", sparkVersion);
    cluster.put("node_type_id", nodeType);
    if (maxWorkers > 0) {
      cluster.putObject("autoscale").put("min_workers", minWorkers).put("max_workers", maxWorkers);
    } else {
      cluster.put("num_workers", workers);
    }
    cluster.putObject("spark_conf").put("spark.driver.extraJavaOptions", JAVA17_FLAGS)
        .put("spark.executor.extraJavaOptions", JAVA17_FLAGS);
    ObjectNode vars = cluster.putObject("spark_env_vars");
    Map<String, String> all = new TreeMap<>(env);
    all.putIfAbsent("JNAME", "zulu17-ca-amd64");
    all.forEach(vars::put);
    return cluster;
  }
}
