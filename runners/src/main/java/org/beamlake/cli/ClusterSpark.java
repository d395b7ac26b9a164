package org.beamlake.cli;

import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkContext of the cluster beamlake was launched on, handed to Beam as a provided context so
 * that every stage of one run uses it. Two cases:
 *
 * <ul>
 *   <li>a session already exists (Databricks, a notebook, an application embedding beamlake): it is
 *       reused and never stopped, as it belongs to its host;
 *   <li>spark-submit set {@code spark.master}: one context is created from spark-submit's
 *       configuration (master, deploy mode, the application jar) and stopped when the command ends;
 *       a context already running in the JVM is used instead, and left running.
 * </ul>
 *
 * Otherwise (a local run) there is none, and the runner starts Spark in-process.
 */
final class ClusterSpark {
  /** Set in the configuration of the context beamlake creates, to tell it from one already running. */
  private static final String CREATED_BY = "spark.beamlake.createdBy";

  private static JavaSparkContext owned;
  private static boolean shared;

  private ClusterSpark() {}

  /** The cluster's context, if beamlake runs on one; created on the first call under spark-submit. */
  static synchronized Optional<JavaSparkContext> context() {
    shared = false;
    if (owned != null && !owned.sc().isStopped()) {
      return Optional.of(owned);
    }
    Optional<SparkSession> session = existingSession();
    if (session.isPresent()) {
      shared = true;
      return Optional.of(JavaSparkContext.fromSparkContext(session.get().sparkContext()));
    }
    if (System.getProperty("spark.master") == null) {
      return Optional.empty();
    }
    SparkConf conf = new SparkConf().set(CREATED_BY, "beamlake");
    if (!conf.contains("spark.app.name")) {
      conf.setAppName("beamlake");
    }
    SparkContext context = SparkContext.getOrCreate(conf); // or the one already running in this JVM
    JavaSparkContext java = JavaSparkContext.fromSparkContext(context);
    if (context.getConf().contains(CREATED_BY)) {
      owned = java;
    } else {
      shared = true;
    }
    return Optional.of(java);
  }

  /** Whether beamlake runs inside a session it did not start (then it must not exit the JVM). */
  static synchronized boolean shared() {
    return shared;
  }

  /** Stops the context this process created, if any; a shared one is left running. */
  static synchronized void stopOwned() {
    if (owned != null) {
      owned.stop();
      owned = null;
    }
  }

  private static Optional<SparkSession> existingSession() {
    scala.Option<SparkSession> active = SparkSession.getActiveSession();
    if (active.isDefined()) {
      return Optional.of(active.get());
    }
    scala.Option<SparkSession> fallback = SparkSession.getDefaultSession();
    return fallback.isDefined() ? Optional.of(fallback.get()) : Optional.empty();
  }
}
