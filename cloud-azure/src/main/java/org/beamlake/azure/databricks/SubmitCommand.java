package org.beamlake.azure.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.beamlake.lake.Lake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code beamlake databricks submit}: one run of a project, its stages as chained tasks. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Checks the runtime (check-target), uploads the cluster jar to a volume unless already there, and "
        + "submits one run with a spark_jar_task per stage, each depending on the one before. Submitting again with "
        + "the same --run-id returns the same run: Databricks never starts it twice.",
    footer = {"", "Examples:",
        "  beamlake databricks submit /Volumes/main/beamlake/projects/sales --lake azfs://acct/lake/sales \\",
        "      --volume /Volumes/main/beamlake/jars --existing-cluster 0123-456789-abcdefgh \\",
        "      -- --blobServiceEndpoint=https://acct.blob.core.windows.net --accountName=acct \\",
        "      '--accessKey=$${env:AZURE_STORAGE_KEY}'"})
final class SubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Workspace workspace;
  @Mixin JobOptions job;

  @Option(names = "--run-id", description = "the beamlake run id of every stage (default: a new one)")
  String runId;

  @Option(names = "--wait", description = "follow the run to its end, a line per task state; exit 1 if it failed")
  boolean await;

  @Option(names = "--poll-seconds", defaultValue = "15", description = "seconds between polls with --wait "
      + "(default: ${DEFAULT-VALUE})")
  double pollSeconds;

  @Override
  public Integer call() {
    return DatabricksCommand.guard(() -> {
      PrintStream out = System.out;
      String id = runId != null ? Lake.name(runId)
          : ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
      org.beamlake.project.DatabricksConfig project = job.applyProjectSettings();
      ClusterSpec cluster = job.cluster();
      DatabricksClient client = workspace.client(project);
      TargetCheck.before(spec, client, cluster);
      String jar = JarUpload.ensure(client, job.jar, job.volume, out);
      JobSpec run = job.spec(id, jar);
      JsonNode submitted = client.post("/api/2.1/jobs/runs/submit", run.submitRequest());
      long databricksRun = submitted.path("run_id").asLong();
      out.println("submitted run " + databricksRun + " (beamlake run " + id + ": " + String.join(" -> ", run.stages())
          + ")");
      if (!await) {
        out.println("follow it with: beamlake databricks status " + databricksRun);
        return 0;
      }
      return RunWatch.follow(client, databricksRun, Duration.ofMillis((long) (pollSeconds * 1000)), out) ? 0 : 1;
    });
  }
}
