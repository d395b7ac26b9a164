package org.beamlake.cli;

import java.util.ServiceLoader;
import org.beamlake.spi.CliCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code beamlake}: the entry point of {@code bin/beamlake}, {@code mvn exec:java} and spark-submit. */
@Command(
    name = "beamlake",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs a data lake project (YAML + SQL): capture into raw, ETL into trusted, SQL into refined.",
    subcommands = {RunCommand.class, ValidateCommand.class, TestCommand.class, InferCommand.class, SandboxCommand.class,
        ServeCommand.class, ReportCommand.class, CheckTargetCommand.class, LakeCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Examples:",
        "  beamlake run testdata/world-indicators",
        "  beamlake run my-project --stage etl --runner spark --lake s3://bucket/lake",
        "  beamlake validate my-project",
        "  beamlake test my-project",
        "  beamlake infer my-project --dataset orders",
        "  beamlake serve lake --port 8080",
        "  beamlake report lake",
        "  beamlake check-target --emr-release emr-7.12.0",
        "  beamlake lake init s3://bucket/lake --create",
        "  spark-submit --class org.beamlake.cli.Main beamlake.jar run s3://bucket/projects/sales --stage etl "
            + "--lake s3://bucket/lake"})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Exits only on failure, and then only when beamlake owns the JVM: on success {@code main} returns
   * (spark-submit then ends the application); inside a Spark session it did not start (a Databricks
   * JAR task) a failure is thrown instead, as exiting would take the host down.
   */
  public static void main(String[] args) {
    configureLogging(args);
    int code = execute(args);
    if (code != 0) {
      if (ClusterSpark.shared()) {
        throw new IllegalStateException("beamlake failed (exit code " + code + "); see the messages above");
      }
      System.exit(code);
    }
  }

  /**
   * Points the full log at a fresh file and sets the console's level, before anything logs: log4j
   * reads both once, when the first logger is made (see {@code log4j2.properties}).
   */
  static void configureLogging(String[] args) {
    if (System.getProperty(RunLog.FILE_PROPERTY) == null) {
      try {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("beamlake-", ".log");
        file.toFile().deleteOnExit();
        System.setProperty(RunLog.FILE_PROPERTY, file.toString());
      } catch (java.io.IOException e) {
        System.err.println("beamlake: no full log for this run (" + e.getMessage() + ")");
      }
    }
    if (java.util.Arrays.asList(args).contains("--verbose")) {
      System.setProperty(RunLog.CONSOLE_LEVEL_PROPERTY, "info");
    }
  }

  /** Runs the CLI and returns its exit code, without exiting: for tests and embedding. */
  public static int execute(String... args) {
    try {
      CommandLine line = new CommandLine(new Main());
      for (CliCommand command : ServiceLoader.load(CliCommand.class)) {
        line.addSubcommand(command); // the cloud adapters' commands, when they are on the classpath
      }
      return line.setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    } finally {
      ClusterSpark.stopOwned(); // a context created for spark-submit; a shared one is never stopped
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"beamlake " + (v == null ? "dev" : v) + " (Apache Beam "
          + org.apache.beam.sdk.util.ReleaseInfo.getReleaseInfo().getVersion() + ", Java " + System.getProperty("java.version") + ")"};
    }
  }
}
