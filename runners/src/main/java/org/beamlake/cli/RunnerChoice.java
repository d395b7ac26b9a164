package org.beamlake.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The runner a command uses, and its options. Extra Beam options (e.g. {@code --awsRegion=…}) are
 * passed after the project; unknown ones fail with Beam's own message.
 */
public enum RunnerChoice {
  DIRECT,
  SPARK;

  /**
   * Options for this runner.
   *
   * @param enforce keep the DirectRunner's immutability/encodability checks (tests, {@code beamlake
   *     test}); off for {@code run}, where they cost about 3x on large data
   * @param sparkMaster Spark master when not launched by spark-submit, e.g. {@code local[2]}
   */
  public PipelineOptions options(List<String> beamArgs, boolean enforce, String sparkMaster) {
    List<String> args = new ArrayList<>(beamArgs);
    if (this == DIRECT) {
      DirectOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(DirectOptions.class);
      options.setRunner(DirectRunner.class);
      options.setEnforceImmutability(enforce);
      options.setEnforceEncodability(enforce);
      return options;
    }
    SparkPipelineOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().as(SparkPipelineOptions.class);
    options.setRunner(SparkRunner.class);
    if (System.getProperty("spark.master") == null) {
      // In-process Spark: loopback only, no UI, one SparkContext for all the stages of this process.
      options.setSparkMaster(sparkMaster);
      System.setProperty("spark.driver.host", System.getProperty("spark.driver.host", "127.0.0.1"));
      System.setProperty("spark.driver.bindAddress", System.getProperty("spark.driver.bindAddress", "127.0.0.1"));
      System.setProperty("spark.ui.enabled", System.getProperty("spark.ui.enabled", "false"));
      System.setProperty("beam.spark.test.reuseSparkContext", "true");
    }
    return options;
  }
}
