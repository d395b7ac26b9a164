package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.beamlake.direct.DirectPipeline;
import org.junit.jupiter.api.Test;

class RunnerChoiceTest {
  @Test
  void sparkSpillsCachedPartitionsToDiskUnlessToldOtherwise() {
    assertEquals("MEMORY_AND_DISK", RunnerChoice.SPARK.options(List.of(), false, "local[1]")
        .as(SparkPipelineOptions.class).getStorageLevel());
    assertEquals("MEMORY_ONLY", RunnerChoice.SPARK.options(List.of("--storageLevel=MEMORY_ONLY"), false, "local[1]")
        .as(SparkPipelineOptions.class).getStorageLevel());
  }

  @Test
  void onlyTheDirectRunnerGroupsInBuckets() {
    assertEquals(DirectPipeline.class,
        Cli.pipelines(RunnerChoice.DIRECT.options(List.of(), false, "local[1]")).apply("job").getClass());
    assertEquals(Pipeline.class,
        Cli.pipelines(RunnerChoice.SPARK.options(List.of(), false, "local[1]")).apply("job").getClass());
  }

  @Test
  void aSparkMasterForTheDirectRunnerIsAMistakeSaidPlainly() {
    CliTest.Result r = cli("run", DemoProject.DIR.toString(), "--runner", "direct", "--spark-master", "local[2]",
        "--sample");
    assertEquals(1, r.code());
    assertEquals("error: --spark-master is for the spark runner; the direct runner has no master",
        r.err().lines().findFirst().orElseThrow());
  }
}
