package org.beamlake.azure.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code beamlake databricks deploy}: a persistent job for a project, created or updated by name. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = "Creates the job (jobs/create), or updates the job of that name (jobs/reset): the stages as "
        + "chained spark_jar_tasks on one job cluster, at most one run at a time, with a schedule if given. Each run "
        + "uses the beamlake run id dbx-<Databricks run id>.",
    footer = {"", "Example:",
        "  beamlake databricks deploy /Volumes/main/beamlake/projects/sales --lake azfs://acct/lake/sales \\",
        "      --volume /Volumes/main/beamlake/jars --node-type Standard_D4ds_v5 --job-name sales-lake \\",
        "      --schedule '0 0 3 * * ?' --timezone Europe/Paris \\",
        "      --cluster-env 'AZURE_STORAGE_KEY={{secrets/lake/storage-key}}' \\",
        "      -- --blobServiceEndpoint=https://acct.blob.core.windows.net --accountName=acct \\",
        "      '--accessKey=$${env:AZURE_STORAGE_KEY}'"})
final class DeployCommand implements Callable<Integer> {
  /** Filled by Databricks with each run's id (a dynamic value reference). */
  static final String RUN_ID = "dbx-{{job.run_id}}";

  @Spec CommandSpec spec;
  @Mixin Workspace workspace;
  @Mixin JobOptions job;

  @Option(names = "--job-name", description = "the job's name; a job of that name is updated (default: the "
      + "project's databricks.job_name)")
  String name;

  @Option(names = "--schedule", paramLabel = "QUARTZ_CRON", description = "when to run, as a Quartz cron expression, "
      + "e.g. '0 0 3 * * ?' (every day at 03:00); without it the job runs only when started")
  String schedule;

  @Option(names = "--timezone", description = "the schedule's time zone (default: the project's databricks.timezone, "
      + "else UTC)")
  String timezone;

  @Override
  public Integer call() {
    return DatabricksCommand.guard(() -> {
      org.beamlake.project.DatabricksConfig project = job.applyProjectSettings();
      if (project != null) {
        name = name != null ? name : project.jobName();
        schedule = schedule != null ? schedule : project.schedule();
        timezone = timezone != null ? timezone : project.timezone();
      }
      timezone = timezone != null ? timezone : "UTC";
      if (name == null) {
        throw new IllegalArgumentException("no job name: pass --job-name NAME or set databricks.job_name in the project");
      }
      if (schedule != null && schedule.trim().split("\\s+").length < 6) {
        throw new IllegalArgumentException("--schedule: expected a Quartz cron expression with seconds first, e.g. "
            + "'0 0 3 * * ?', got '" + schedule + "'");
      }
      java.time.ZoneId.of(timezone); // an unknown zone fails here, not in the workspace
      ClusterSpec cluster = job.cluster();
      DatabricksClient client = workspace.client(project);
      TargetCheck.before(spec, client, cluster);
      String jar = JarUpload.ensure(client, job.jar, job.volume, System.out);
      ObjectNode settings = job.spec(RUN_ID, jar).jobSettings(name, schedule, timezone);
      JsonNode found = client.get("/api/2.1/jobs/list?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
      if (found.path("jobs").size() > 1) {
        throw new IllegalStateException(found.path("jobs").size() + " jobs are named '" + name + "'; rename or delete "
            + "all but one");
      }
      if (found.path("jobs").isEmpty()) {
        long id = client.post("/api/2.1/jobs/create", settings).path("job_id").asLong();
        System.out.println("created job " + id + " '" + name + "'" + scheduled());
      } else {
        long id = found.path("jobs").get(0).path("job_id").asLong();
        ObjectNode reset = JsonNodeFactory.instance.objectNode().put("job_id", id);
        reset.set("new_settings", settings);
        client.post("/api/2.1/jobs/reset", reset);
        System.out.println("updated job " + id + " '" + name + "'" + scheduled());
      }
      return 0;
    });
  }

  private String scheduled() {
    return schedule == null ? " (no schedule)" : " (schedule '" + schedule + "' " + timezone + ")";
  }
}
