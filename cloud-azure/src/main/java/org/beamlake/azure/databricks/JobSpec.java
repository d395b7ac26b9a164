package org.beamlake.azure.databricks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A beamlake run as Databricks tasks: one {@code spark_jar_task} per stage, each depending on the
 * one before, running {@code org.beamlake.cli.Main run PROJECT --stage STAGE --lake LAKE --run-id
 * ID} from the uploaded jar. Built as Jobs API 2.1 JSON, for a one-time run ({@code runs/submit})
 * or a job definition with a schedule ({@code jobs/create}, {@code jobs/reset}).
 *
 * @param runId the beamlake run id every task uses; in a job definition {@code {{job.run_id}}} so
 *     each scheduled run gets its own
 * @param beamArgs Beam options after {@code --}, e.g. the lake's filesystem settings; credentials only
 *     as {@code ${env:NAME}}, filled on the cluster from its environment
 */
public record JobSpec(String project, String lake, List<String> stages, String runId, String jarPath,
    ClusterSpec cluster, List<String> beamArgs) {
  static final String MAIN_CLASS = "org.beamlake.cli.Main";
  private static final String JOB_CLUSTER_KEY = "beamlake";

  public JobSpec {
    stages = List.copyOf(stages);
    beamArgs = List.copyOf(beamArgs);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("at least one stage is needed");
    }
  }

  /**
   * The token that makes {@code runs/submit} idempotent: the same project, lake and run id give the
   * same token, so a retried submit returns the run already started instead of starting another.
   */
  public String idempotencyToken() {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest((project + "\n" + lake + "\n" + runId).getBytes(StandardCharsets.UTF_8));
      String readable = "beamlake-" + runId + "-" + HexFormat.of().formatHex(hash, 0, 8);
      // The API takes at most 64 characters; a long run id is then left to the hash alone.
      return readable.length() <= 64 ? readable : "beamlake-" + HexFormat.of().formatHex(hash, 0, 27);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The body of {@code POST /api/2.1/jobs/runs/submit}. */
  public ObjectNode submitRequest() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("run_name", "beamlake " + runId);
    body.put("idempotency_token", idempotencyToken());
    body.set("tasks", tasks(null));
    return body;
  }

  /** The {@code settings} of a job definition, running on one job cluster shared by the tasks. */
  public ObjectNode jobSettings(String name, @Nullable String quartzCron, String timezone) {
    ObjectNode settings = JsonNodeFactory.instance.objectNode();
    settings.put("name", name);
    settings.put("max_concurrent_runs", 1); // later stages read the latest run: never two at once
    if (!cluster.existing()) {
      ArrayNode clusters = settings.putArray("job_clusters");
      clusters.addObject().put("job_cluster_key", JOB_CLUSTER_KEY).set("new_cluster", cluster.newCluster());
    }
    settings.set("tasks", tasks(JOB_CLUSTER_KEY));
    if (quartzCron != null) {
      settings.putObject("schedule").put("quartz_cron_expression", quartzCron).put("timezone_id", timezone)
          .put("pause_status", "UNPAUSED");
    }
    return settings;
  }

  private ArrayNode tasks(@Nullable String jobClusterKey) {
    ArrayNode tasks = JsonNodeFactory.instance.arrayNode();
    String previous = null;
    for (String stage : stages) {
      ObjectNode task = tasks.addObject();
      task.put("task_key", stage);
      if (previous != null) {
        task.putArray("depends_on").addObject().put("task_key", previous);
      }
      if (cluster.existing()) {
        task.put("existing_cluster_id", cluster.existingClusterId());
      } else if (jobClusterKey != null) {
        task.put("job_cluster_key", jobClusterKey);
      } else {
        task.set("new_cluster", cluster.newCluster());
      }
      ObjectNode jar = task.putObject("spark_jar_task");
      jar.put("main_class_name", MAIN_CLASS);
      ArrayNode parameters = jar.putArray("parameters");
      List.of("run", project, "--stage", stage, "--lake", lake, "--run-id", runId).forEach(parameters::add);
      if (!beamArgs.isEmpty()) {
        parameters.add("--");
        beamArgs.forEach(parameters::add);
      }
      task.putArray("libraries").addObject().put("jar", jarPath);
      previous = stage;
    }
    return tasks;
  }
}
