package org.beamlake.aws.emr;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.beamlake.spi.CliCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code beamlake emr}: starts EMR clusters from a config file, runs a project's stages on them as
 * steps, follows them, shows failed steps' logs, terminates clusters, and prints the IAM policies all
 * of this needs. Every command can be run again after a crash: clusters are found again by their
 * run-id tag and steps by their names, so nothing is started or submitted twice.
 */
@Command(
    name = "emr",
    mixinStandardHelpOptions = true,
    description = "Runs projects on Amazon EMR: the cluster jar as one spark-submit step per stage.",
    subcommands = {UpCommand.class, SubmitCommand.class, EmrCommand.Status.class, EmrCommand.Logs.class,
        EmrCommand.Down.class, IamCommand.class},
    footer = {"", "Examples:",
        "  beamlake emr up --config emr.yaml --run-id sales-cluster --wait",
        "  beamlake emr submit projects/sales --config emr.yaml --cluster j-2AXXXXXXGAPLF \\",
        "      --lake s3://my-lake/lakes/sales --wait",
        "  beamlake emr submit projects/sales --config emr.yaml --transient --lake s3://my-lake/lakes/sales --wait",
        "  beamlake emr status j-2AXXXXXXGAPLF", "  beamlake emr logs j-2AXXXXXXGAPLF",
        "  beamlake emr down j-2AXXXXXXGAPLF",
        "  beamlake emr iam --config emr.yaml --lake s3://my-lake/lakes/sales --account 123456789012"})
public final class EmrCommand implements Runnable, CliCommand {
  private static volatile Ticker ticker = Ticker.SYSTEM;

  /** The time watches read and sleep in; tests set one that advances only when slept in. */
  public static void useTicker(Ticker replacement) {
    ticker = replacement;
  }

  static Ticker ticker() {
    return ticker;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this),
        "expected a subcommand: up, submit, status, logs, down or iam");
  }

  /** Runs a command body: any failure is one line on stderr (EMR's own message) and exit code 1. */
  static int guard(Callable<Integer> body) {
    try {
      return body.call();
    } catch (AwsServiceException e) {
      System.err.println("error: " + e.awsErrorDetails().serviceName().toUpperCase(java.util.Locale.ROOT) + " "
          + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage());
      return 1;
    } catch (Exception e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
  }

  /** A {@code --poll-seconds} value; polling without a pause would only burn the account's API rate. */
  static Duration seconds(double seconds) {
    if (!(seconds >= 1)) {
      throw new IllegalArgumentException("--poll-seconds: expected at least 1, got " + seconds);
    }
    return Duration.ofMillis((long) (seconds * 1000));
  }

  /** What the commands on one existing cluster share. */
  static class OnCluster {
    @Mixin AwsArgs aws;

    @Parameters(index = "0", paramLabel = "CLUSTER_ID", description = "the cluster's id, e.g. j-2AXXXXXXGAPLF")
    String clusterId;

    @Option(names = "--config", paramLabel = "FILE", description = "the cluster's config file, for its region")
    Path config;

    EmrConfig config() throws java.io.IOException {
      return config == null ? null : EmrConfig.load(config);
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Prints the cluster's state and each step's; with --wait follows them until every step has "
          + "ended. Exit code 0 unless a step or the cluster failed.",
      footer = {"", "Examples:", "  beamlake emr status j-2AXXXXXXGAPLF --region eu-west-1",
          "  beamlake emr status j-2AXXXXXXGAPLF --config emr.yaml --wait"})
  static final class Status extends OnCluster implements Callable<Integer> {
    @Option(names = "--wait", description = "follow until every step has ended, a line per state change")
    boolean await;

    @Option(names = "--poll-seconds", defaultValue = "15", description = "first pause between polls, doubled while "
        + "nothing changes, up to 2 minutes (default: ${DEFAULT-VALUE})")
    double pollSeconds;

    @Override
    public Integer call() {
      return guard(() -> {
        EmrConfig c = config();
        try (EmrClient emr = aws.emr(c); S3Client s3 = aws.s3(c)) {
          ClusterWatch watch = new ClusterWatch(emr, s3, clusterId, ticker, System.out);
          return (await ? watch.untilStepsEnd(List.of(), seconds(pollSeconds)) : watch.once()) ? 0 : 1;
        }
      });
    }
  }

  @Command(name = "logs", mixinStandardHelpOptions = true,
      description = "Prints each failed step's failure reason and the last lines of its stderr, from the cluster's "
          + "log URI on S3.",
      footer = {"", "Examples:", "  beamlake emr logs j-2AXXXXXXGAPLF --config emr.yaml",
          "  beamlake emr logs j-2AXXXXXXGAPLF --config emr.yaml --step s-0123456789ABD"})
  static final class Logs extends OnCluster implements Callable<Integer> {
    @Option(names = "--step", paramLabel = "STEP_ID", description = "this step only, whatever its state")
    String stepId;

    @Override
    public Integer call() {
      return guard(() -> {
        EmrConfig c = config();
        try (EmrClient emr = aws.emr(c); S3Client s3 = aws.s3(c)) {
          new ClusterWatch(emr, s3, clusterId, ticker, System.out).logs(stepId);
          return 0;
        }
      });
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Terminates the cluster (its steps still pending are cancelled). Safe to run again.",
      footer = {"", "Examples:", "  beamlake emr down j-2AXXXXXXGAPLF --config emr.yaml"})
  static final class Down extends OnCluster implements Callable<Integer> {
    @Override
    public Integer call() {
      return guard(() -> {
        try (EmrClient emr = aws.emr(config())) {
          PrintStream out = System.out;
          Cluster cluster = emr.describeCluster(d -> d.clusterId(clusterId)).cluster();
          ClusterState state = cluster.status().state();
          if (state == ClusterState.TERMINATED || state == ClusterState.TERMINATED_WITH_ERRORS
              || state == ClusterState.TERMINATING) {
            out.println("cluster " + clusterId + " is already " + cluster.status().stateAsString());
            return 0;
          }
          emr.terminateJobFlows(t -> t.jobFlowIds(clusterId));
          out.println("cluster " + clusterId + " terminating (was " + cluster.status().stateAsString() + ")");
          return 0;
        }
      });
    }
  }
}
