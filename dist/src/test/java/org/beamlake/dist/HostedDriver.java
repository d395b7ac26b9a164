package org.beamlake.dist;

import org.apache.spark.sql.SparkSession;

/**
 * What a Databricks JAR task does with the cluster jar: the platform's driver JVM already has a
 * Spark session (here on the standalone master named by {@code spark.master}), puts the jar on its
 * class path and calls {@code org.beamlake.cli.Main.main} in that JVM. beamlake must run on that
 * session, leave it running and return (the platform ends the job; {@code System.exit} would take
 * the driver down), and report a failure by throwing. Prints what it saw, for {@link ClusterJarIT}.
 */
public final class HostedDriver {
  private HostedDriver() {}

  public static void main(String[] args) {
    SparkSession session = SparkSession.builder().appName("hosted-driver").getOrCreate();
    org.beamlake.cli.Main.main(args);
    System.out.println("hosted: main returned; session stopped: " + session.sparkContext().isStopped()
        + "; a job on it counts " + session.range(10).count());
    try {
      org.beamlake.cli.Main.main(new String[] {"run", "no-such-project"});
      System.out.println("hosted: a failing run returned");
    } catch (IllegalStateException e) {
      System.out.println("hosted: a failing run threw: " + e.getMessage() + "; session stopped: "
          + session.sparkContext().isStopped());
    }
    session.stop();
  }
}
