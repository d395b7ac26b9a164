package org.beamlake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.spark.SparkContextOptions;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code run --runner spark} finds its Spark: an existing session (as on Databricks) is used
 * and left running; under spark-submit ({@code spark.master} set) one context is made from
 * spark-submit's configuration and stopped when the command ends; otherwise Spark runs in-process.
 */
class ClusterSparkTest {
  @TempDir Path tmp;

  static final String BY_CUSTOMER = "refined/by_customer/_csv/by_customer.csv";

  @Test
  void anExistingSessionIsUsedForEveryStageAndNeverStopped() throws Exception {
    SparkSession session = SparkSession.builder().master("local[1]").appName("host").getOrCreate();
    String master = session.sparkContext().master();
    try {
      CliTest.Result run = CliTest.cli("run", CliTest.INFERRED.toString(), "--runner", "spark", "--lake",
          tmp.resolve("lake").toString(), "--run-id", "r1");
      assertEquals(0, run.code(), run.err());
      assertTrue(run.out().startsWith("beamlake: project inferred, run r1, spark runner (" + master + "), lake "),
          run.out());
      assertFalse(session.sparkContext().isStopped());
      assertEquals(List.of("ann,15.0,2,2024-01-02", "bob,3.0,1,2024-01-03", "customer,total,orders,first_order"),
          CliTest.sortedLines(CliTest.contents(tmp.resolve("lake")).get(BY_CUSTOMER)));

      SparkContextOptions options = RunnerChoice.SPARK.options(List.of(), false, "local[2]").as(SparkContextOptions.class);
      assertTrue(options.getUsesProvidedSparkContext());
      assertEquals(session.sparkContext(), options.getProvidedSparkContext().sc());
      assertEquals(List.of(), options.getFilesToStage());

      CliTest.Result conflict = CliTest.cli("run", CliTest.INFERRED.toString(), "--spark-master", "local[3]",
          "--lake", tmp.resolve("other").toString());
      assertEquals(1, conflict.code());
      assertEquals("error: --spark-master local[3] conflicts with the cluster's master " + master
          + ": under spark-submit, set the master with spark-submit's --master", conflict.errLines().get(0));
      assertFalse(session.sparkContext().isStopped());
    } finally {
      session.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  @Test
  void underSparkSubmitOneContextServesTheRunAndIsStoppedAfter() throws Exception {
    // A driver starts without Spark: stop whatever context earlier tests left running in this JVM.
    SparkContext.getOrCreate(new SparkConf().setMaster("local[1]").setAppName("before")).stop();
    System.setProperty("spark.master", "local[1]"); // what spark-submit sets in the driver
    try {
      CliTest.Result run = CliTest.cli("run", CliTest.INFERRED.toString(), "--runner", "spark", "--lake",
          tmp.resolve("lake").toString(), "--run-id", "r1");
      assertEquals(0, run.code(), run.err());
      assertTrue(run.out().startsWith("beamlake: project inferred, run r1, spark runner (local[1]), lake "), run.out());
      assertEquals(List.of("ann,15.0,2,2024-01-02", "bob,3.0,1,2024-01-03", "customer,total,orders,first_order"),
          CliTest.sortedLines(CliTest.contents(tmp.resolve("lake")).get(BY_CUSTOMER)));
    } finally {
      System.clearProperty("spark.master");
    }
    assertFalse(ClusterSpark.shared());
    // The run's context is gone: asking for one now makes a new one.
    SparkContext probe = SparkContext.getOrCreate(new SparkConf().setMaster("local[1]").setAppName("probe"));
    try {
      assertEquals("probe", probe.appName());
    } finally {
      probe.stop();
    }
  }
}
