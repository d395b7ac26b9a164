package org.beamlake.aws.emr;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the CLI's own {@code check-target --emr-release} on the release the steps will run on (the
 * config's for a new cluster, the attached cluster's as EMR reports it) before anything is started or
 * submitted: a jar built for another Spark or Scala would only fail on the cluster, minutes later and
 * billed.
 */
final class TargetCheck {
  private TargetCheck() {}

  static void before(CommandSpec spec, String releaseLabel) {
    CommandLine check = spec.root().commandLine().getSubcommands().get("check-target");
    if (check == null) {
      throw new IllegalStateException("this CLI has no check-target command to check EMR release " + releaseLabel);
    }
    if (check.execute("--emr-release", releaseLabel) != 0) {
      throw new IllegalStateException("EMR release " + releaseLabel + " cannot run this build (see above); nothing was "
          + "started or submitted");
    }
  }
}
