package org.beamlake.azure.databricks;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.beamlake.spi.CliCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code beamlake databricks}: runs a project on Databricks as one multi-task run (or a scheduled
 * job), and follows, reads and cancels runs. Talks to the Jobs API 2.1 and the Files API directly
 * over HTTP (see ARCHITECTURE.md for why not the SDK).
 */
@Command(
    name = "databricks",
    mixinStandardHelpOptions = true,
    description = "Runs projects on Databricks: the cluster jar as one spark_jar_task per stage.",
    subcommands = {SubmitCommand.class, DeployCommand.class, DatabricksCommand.Status.class,
        DatabricksCommand.Logs.class, DatabricksCommand.Cancel.class, DdlCommand.class},
    footer = {"", "Examples:",
        "  export DATABRICKS_HOST=https://adb-1234567890123456.7.azuredatabricks.net DATABRICKS_TOKEN=...",
        "  beamlake databricks submit /Volumes/main/beamlake/projects/sales --lake azfs://acct/lake/sales \\",
        "      --volume /Volumes/main/beamlake/jars --node-type Standard_D4ds_v5 --workers 2 --wait \\",
        "      --cluster-env 'AZURE_STORAGE_KEY={{secrets/lake/storage-key}}' \\",
        "      -- --blobServiceEndpoint=https://acct.blob.core.windows.net --accountName=acct \\",
        "      '--accessKey=$${env:AZURE_STORAGE_KEY}'",
        "  beamlake databricks status 1234", "  beamlake databricks logs 1234", "  beamlake databricks cancel 1234"})
public final class DatabricksCommand implements Runnable, CliCommand {
  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this),
        "expected a subcommand: submit, deploy, status, logs, cancel or ddl");
  }

  /** Runs a command body: any failure is one line on stderr and exit code 1. */
  static int guard(Callable<Integer> body) {
    try {
      return body.call();
    } catch (Exception e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Prints a run's state and each task's; exit code 0 only if it succeeded.")
  static final class Status implements Callable<Integer> {
    @Mixin Workspace workspace;

    @Parameters(paramLabel = "RUN_ID", description = "the run id submit printed")
    long runId;

    @Override
    public Integer call() {
      return guard(() -> RunWatch.status(workspace.client(), runId, System.out) ? 0 : 1);
    }
  }

  @Command(name = "logs", mixinStandardHelpOptions = true,
      description = "Prints each task's error and stack trace, as the Jobs API keeps them, and the run page.")
  static final class Logs implements Callable<Integer> {
    @Mixin Workspace workspace;

    @Parameters(paramLabel = "RUN_ID", description = "the run id submit printed")
    long runId;

    @Override
    public Integer call() {
      return guard(() -> {
        RunWatch.logs(workspace.client(), runId, System.out);
        return 0;
      });
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a run and its tasks.")
  static final class Cancel implements Callable<Integer> {
    @Mixin Workspace workspace;

    @Parameters(paramLabel = "RUN_ID", description = "the run id submit printed")
    long runId;

    @Override
    public Integer call() {
      return guard(() -> {
        workspace.client().post("/api/2.1/jobs/runs/cancel",
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("run_id", runId));
        PrintStream out = System.out;
        out.println("cancel requested for run " + runId + "; 'beamlake databricks status " + runId
            + "' shows when it has stopped");
        return 0;
      });
    }
  }
}
