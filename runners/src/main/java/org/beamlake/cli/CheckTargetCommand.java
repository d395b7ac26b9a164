package org.beamlake.cli;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code beamlake check-target}: whether this build runs on a given EMR release or Databricks Runtime. */
@Command(
    name = "check-target",
    mixinStandardHelpOptions = true,
    description = "Compares the Spark, Scala and Java levels of this build of beamlake (the cluster jar is the same "
        + "build) with those of an Amazon EMR release or a Databricks Runtime, as their vendors publish them, and "
        + "says what differs and what to do. Exit code 0 if the jar can run there, 1 if not.",
    footer = {"", "Examples:", "  beamlake check-target --emr-release emr-7.12.0",
        "  beamlake check-target --databricks-runtime 16.4.x-scala2.12",
        "  beamlake check-target --databricks-runtime 15.4.x-scala2.12 --target-java 17"})
final class CheckTargetCommand implements Callable<Integer> {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  static final class Which {
    @Option(names = "--emr-release", paramLabel = "LABEL", description = "an Amazon EMR release label, e.g. emr-7.12.0")
    String emrRelease;

    @Option(names = "--databricks-runtime", paramLabel = "VERSION",
        description = "a Databricks Runtime version as the clusters API takes it, e.g. 16.4.x-scala2.12")
    String databricksRuntime;
  }

  @Option(names = "--target-java", paramLabel = "N", description = "the Java the target's clusters are set to run, "
      + "when not the platform's default (e.g. 17 on Databricks Runtime 15.4)")
  Integer targetJava;

  @Override
  public Integer call() {
    return Cli.guard(this::check);
  }

  private int check() {
    Optional<TargetPlatforms.Target> found = which.emrRelease != null
        ? TargetPlatforms.emrRelease(which.emrRelease) : TargetPlatforms.databricksRuntime(which.databricksRuntime);
    if (found.isEmpty()) {
      System.err.println(which.emrRelease != null
          ? "error: unknown EMR release '" + which.emrRelease + "'; known: "
              + String.join(", ", TargetPlatforms.emrReleases())
          : "error: unknown Databricks Runtime '" + which.databricksRuntime + "'; known: "
              + String.join(", ", TargetPlatforms.databricksRuntimes()));
      System.err.println("A newer release may well be compatible: add it, with its Spark, Scala and Java versions "
          + "from the vendor's release notes, to beamlake's TargetPlatforms.");
      return 1;
    }
    TargetPlatforms.Target target = found.get();
    if (targetJava != null) {
      target = new TargetPlatforms.Target(target.platform(), target.name(), target.spark(), target.scala(), targetJava,
          target.note());
    }
    BuildLevels build = BuildLevels.current();
    System.out.printf("target    %s %s: Spark %s, Scala %s, Java %d%n", target.platform(), target.name(),
        target.spark(), target.scala(), target.java());
    System.out.printf("beamlake  Spark %s, Scala %s, Java %d bytecode, Apache Beam %s (Spark 3 runner)%n",
        build.spark(), build.scala(), build.javaBytecode(), build.beam());
    Set<String> todo = new LinkedHashSet<>();
    boolean ok = check("Spark", spark(build, target, todo))
        & check("Scala", scala(build, target))
        & check("Java", java(build, target, todo));
    if (target.note() != null) {
      System.out.println("  note  this table's " + target.name() + ": " + target.note());
    }
    if (ok) {
      System.out.println("compatible: spark-submit --class org.beamlake.cli.Main beamlake.jar run PROJECT --stage STAGE "
          + "--lake URI");
      return 0;
    }
    TargetPlatforms.Target recommended = TargetPlatforms.recommended(target.platform());
    if (!recommended.name().equals(target.name())) {
      todo.add("deploy to " + recommended.platform() + " " + recommended.name() + " (Spark " + recommended.spark()
          + ", Scala " + recommended.scala() + ", Java " + recommended.java() + ")");
    }
    System.err.println("not compatible: " + String.join("; or ", todo));
    return 1;
  }

  /** A check's outcome: its line, and whether it passed. */
  private record Outcome(boolean ok, String line) {}

  private static boolean check(String what, Outcome outcome) {
    System.out.printf("  %-4s  %-5s  %s%n", outcome.ok() ? "ok" : "FAIL", what, outcome.line());
    return outcome.ok();
  }

  private static Outcome spark(BuildLevels build, TargetPlatforms.Target target, Set<String> todo) {
    String line = build.spark() + " here, " + target.spark() + " on the target";
    String[] built = build.spark().split("\\.");
    String[] there = target.spark().split("\\.");
    if (!built[0].equals(there[0])) {
      return new Outcome(false, line + ": Beam's Spark runner (beam-runners-spark-3) runs on Spark " + built[0]
          + " only");
    }
    if (!BuildLevels.binary(build.spark()).equals(BuildLevels.binary(target.spark()))) {
      todo.add("build beamlake with -Dspark.version=" + target.spark() + " and test it there");
      return new Outcome(false, line + ": beamlake is built for the " + BuildLevels.binary(build.spark()) + " line");
    }
    if (Integer.parseInt(there[2].replaceAll("\\D.*", "")) < Integer.parseInt(built[2].replaceAll("\\D.*", ""))) {
      todo.add("build beamlake with -Dspark.version=" + target.spark());
      return new Outcome(false, line + ": older than the Spark beamlake is built against");
    }
    return new Outcome(true, line + ": the same " + BuildLevels.binary(target.spark()) + " line, same or newer patch");
  }

  private static Outcome scala(BuildLevels build, TargetPlatforms.Target target) {
    String built = BuildLevels.binary(build.scala());
    String there = BuildLevels.binary(target.scala());
    if (built.equals(there)) {
      return new Outcome(true, built + " on both");
    }
    return new Outcome(false, built + " here, " + there + " on the target: Scala binary versions must match");
  }

  private static Outcome java(BuildLevels build, TargetPlatforms.Target target, Set<String> todo) {
    String line = build.javaBytecode() + " bytecode, Java " + target.java() + " on the target";
    if (target.java() >= build.javaBytecode()) {
      return new Outcome(true, line);
    }
    todo.add("run the target's clusters on Java " + build.javaBytecode() + " (Databricks: the environment variable "
        + "JNAME=zulu" + build.javaBytecode() + "-ca-amd64) and check again with --target-java "
        + build.javaBytecode());
    return new Outcome(false, line + ": the jar needs Java " + build.javaBytecode() + " or newer");
  }
}
