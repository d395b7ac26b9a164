package org.beamlake.cli;

import java.util.List;
import java.util.Optional;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.spark.SparkContextOptions;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The runner a command uses, and its options. Extra Beam options (e.g. {@code --awsRegion=…}) are
 * passed after the project; unknown ones fail with Beam's own message.
 */
public enum RunnerChoice {
  DIRECT,
  SPARK;

  /** {@code spark.memory.fraction} of an in-process Spark run unless the JVM is given one. */
  static final String LOCAL_MEMORY_FRACTION = "0.4";

  /** Beam's {@code --storageLevel} for collections the Spark runner caches, unless the run's arguments give one. */
  static final String DEFAULT_STORAGE_LEVEL = "DISK_ONLY";

  /**
   * Options for this runner.
   *
   * @param enforce keep the DirectRunner's immutability/encodability checks (tests, {@code beamlake
   *     test}); off for {@code run}: they hold a copy of every element of a bundle, and on the
   *     benchmark's 1M rows took 5.9x as long and more than a 4 GiB heap (BENCHMARKS.md). Beam's
   *     {@code --enforceImmutability} and {@code --enforceEncodability} in {@code beamArgs} win over it
   * @param sparkMaster Spark master for an in-process run, e.g. {@code local[2]}; under spark-submit
   *     or inside an existing Spark session the cluster's master is used instead
   */
  public PipelineOptions options(List<String> beamArgs, boolean enforce, String sparkMaster) {
    List<String> args = BeamArgs.resolve(beamArgs); // ${env:NAME} references; credentials only as such
    if (this == DIRECT) {
      DirectOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(DirectOptions.class);
      options.setRunner(DirectRunner.class);
      // Unless the run's arguments say otherwise: the checks catch a DoFn that changes its input or
      // a value its coder cannot round-trip, on data a test does not have.
      if (!given(args, "enforceImmutability")) {
        options.setEnforceImmutability(enforce);
      }
      if (!given(args, "enforceEncodability")) {
        options.setEnforceEncodability(enforce);
      }
      return options;
    }
    SparkContextOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation()
        .as(SparkContextOptions.class);
    options.setRunner(SparkRunner.class);
    if (!given(args, "storageLevel")) {
      // Beam's runner caches every multi-output ParDo and every collection read twice. Beam's default,
      // MEMORY_ONLY, lets Spark drop cached partitions under memory pressure and recompute them,
      // which counts their rows again (2 M rows: 8 M read). Deserialized, the cache kept every row
      // as an object (4 M rows: out of a 4 GiB heap). In memory even serialized, a partition larger
      // than the free storage memory is first unrolled on the heap, and Spark keeps those unrolled
      // bytes until the task ends while it counts them as released (PartiallySerializedBlock): 16 M
      // rows in 2 partitions ran out of a 4 GiB heap with 1.4 GB of them. On disk a cached partition
      // is streamed to a file and read back, whatever its size (BENCHMARKS.md).
      options.setStorageLevel(DEFAULT_STORAGE_LEVEL);
    }
    if (!given(args, "preferGroupByKeyToHandleHugeValues")) {
      // A GroupByKey outside a CoGroupByKey is made by sorting, which spills, and its values are read
      // as they come; by default Beam's runner gathers each key's values in one in-memory list, and a
      // Parquet write of one file groups all its rows under one key (4 M rows: out of a 4 GiB heap).
      options.setPreferGroupByKeyToHandleHugeValues(true);
    }
    Optional<JavaSparkContext> cluster = ClusterSpark.context();
    if (cluster.isPresent()) {
      // Beam runs every stage in this context and never stops it (SparkContextFactory leaves provided
      // contexts alone). spark-submit ships the application jar; without an empty list Beam would scan
      // the classpath for files to stage that it never uses with a provided context.
      options.setUsesProvidedSparkContext(true);
      options.setProvidedSparkContext(cluster.get());
      options.setSparkMaster(cluster.get().master());
      options.setFilesToStage(List.of());
      return options;
    }
    // In-process Spark: loopback only, no UI, one SparkContext for all the stages of this process.
    options.setSparkMaster(sparkMaster);
    defaultProperty("spark.driver.host", "127.0.0.1");
    defaultProperty("spark.driver.bindAddress", "127.0.0.1");
    defaultProperty("spark.ui.enabled", "false");
    // Spark's share of the heap for its shuffles and caches (default 0.6). Beam's runner also holds
    // objects Spark does not count (each element's outputs before they are passed on, decoded rows),
    // and with 0.6 the benchmark's ETL at 4 M rows ran out of a 4 GiB heap while Spark held 2.1 GiB of
    // cached bytes; with 0.4 it spills earlier and completes (BENCHMARKS.md).
    defaultProperty("spark.memory.fraction", LOCAL_MEMORY_FRACTION);
    System.setProperty("beam.spark.test.reuseSparkContext", "true");
    return options;
  }

  /** Whether the arguments give Beam's option {@code name} ({@code --name=value}, or {@code --name} for a flag). */
  static boolean given(List<String> args, String name) {
    return args.stream().anyMatch(a -> a.equals("--" + name) || a.startsWith("--" + name + "="));
  }

  /** Sets a system property unless the JVM was given one. */
  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }

  /** The Spark master the options use: the cluster's, or the in-process one; null for the DirectRunner. */
  public static String sparkMaster(PipelineOptions options) {
    return options.getRunner() == SparkRunner.class ? options.as(SparkPipelineOptions.class).getSparkMaster() : null;
  }
}
