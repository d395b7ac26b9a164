package org.beamlake.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code beamlake}: the entry point of {@code bin/beamlake}, {@code mvn exec:java} and spark-submit. */
@Command(
    name = "beamlake",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs a data lake project (YAML + SQL): capture into raw, ETL into trusted, SQL into refined.",
    subcommands = {RunCommand.class, ValidateCommand.class, TestCommand.class, InferCommand.class, SandboxCommand.class,
        ServeCommand.class, ReportCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Examples:",
        "  beamlake run testdata/world-indicators",
        "  beamlake run my-project --stage etl --runner spark --lake s3://bucket/lake",
        "  beamlake validate my-project",
        "  beamlake test my-project",
        "  beamlake infer my-project --dataset orders",
        "  beamlake serve lake --port 8080",
        "  beamlake report lake"})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    configureLogging(args);
    int code = execute(args);
    if (code != 0) {
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
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
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
