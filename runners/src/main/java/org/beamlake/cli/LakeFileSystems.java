package org.beamlake.cli;

import java.util.List;
import org.apache.beam.runners.spark.SparkContextOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.hadoop.conf.Configuration;
import org.beamlake.azure.adls.HadoopLakes;

/**
 * Makes a command's options the default of Beam's {@code FileSystems}, with the Hadoop bridge set up
 * first when the lake (or the project) is on a scheme only Hadoop serves, such as {@code abfss://}.
 * On a cluster the bridge gets the cluster's Hadoop configuration (the provided SparkContext's),
 * which on Databricks carries the ABFS driver's settings; elsewhere Hadoop's from the environment.
 */
final class LakeFileSystems {
  private LakeFileSystems() {}

  /** @param locations the lake and project locations, in order of preference; nulls are skipped */
  static void use(PipelineOptions options, List<String> beamArgs, String... locations) {
    for (String location : locations) {
      if (location != null && HadoopLakes.bridged(location)) {
        boolean given = beamArgs.stream().anyMatch(a -> a.startsWith("--hdfsConfiguration"));
        HadoopLakes.use(options, location, clusterConfiguration(options), given);
        break;
      }
    }
    FileSystems.setDefaultPipelineOptions(options);
  }

  private static Configuration clusterConfiguration(PipelineOptions options) {
    if (options.getRunner() == SparkRunner.class) {
      SparkContextOptions spark = options.as(SparkContextOptions.class);
      if (spark.getUsesProvidedSparkContext() && spark.getProvidedSparkContext() != null) {
        return spark.getProvidedSparkContext().hadoopConfiguration();
      }
    }
    return HadoopLakes.fromEnvironment(System.getenv());
  }
}
