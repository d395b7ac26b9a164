package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.beamlake.direct.DirectPipeline;
import org.beamlake.spark.SparkPipeline;
import org.junit.jupiter.api.Test;

class RunnerChoiceTest {
  @Test
  void sparkCachesOnDiskUnlessToldOtherwise() {
    assertEquals("DISK_ONLY", RunnerChoice.SPARK.options(List.of(), false, "local[1]")
        .as(SparkPipelineOptions.class).getStorageLevel());
    assertEquals("MEMORY_AND_DISK_SER", RunnerChoice.SPARK.options(List.of("--storageLevel=MEMORY_AND_DISK_SER"), false,
        "local[1]").as(SparkPipelineOptions.class).getStorageLevel());
  }

  @Test
  void sparkGroupsByKeyBySortingUnlessToldOtherwise() {
    assertEquals(true, RunnerChoice.SPARK.options(List.of(), false, "local[1]")
        .as(SparkPipelineOptions.class).getPreferGroupByKeyToHandleHugeValues());
    assertEquals(false, RunnerChoice.SPARK.options(List.of("--preferGroupByKeyToHandleHugeValues=false"), false,
        "local[1]").as(SparkPipelineOptions.class).getPreferGroupByKeyToHandleHugeValues());
  }

  @Test
  void theDirectRunnersChecksAreOffForARunUnlessTheArgumentsTurnThemOn() {
    DirectOptions run = RunnerChoice.DIRECT.options(List.of(), false, "local[1]").as(DirectOptions.class);
    assertEquals(List.of(false, false), List.of(run.isEnforceImmutability(), run.isEnforceEncodability()));
    DirectOptions checked = RunnerChoice.DIRECT.options(List.of("--enforceImmutability=true", "--enforceEncodability"),
        false, "local[1]").as(DirectOptions.class);
    assertEquals(List.of(true, true), List.of(checked.isEnforceImmutability(), checked.isEnforceEncodability()));
    DirectOptions test = RunnerChoice.DIRECT.options(List.of("--enforceEncodability=false"), true, "local[1]")
        .as(DirectOptions.class);
    assertEquals(List.of(true, false), List.of(test.isEnforceImmutability(), test.isEnforceEncodability()));
  }

  @Test
  void anOptionIsGivenByItsWholeName() {
    assertEquals(List.of(true, true, false, false), List.of(
        RunnerChoice.given(List.of("--storageLevel=DISK_ONLY"), "storageLevel"),
        RunnerChoice.given(List.of("--awsRegion=eu-west-1", "--enforceEncodability"), "enforceEncodability"),
        RunnerChoice.given(List.of("--storageLevelX=1"), "storageLevel"),
        RunnerChoice.given(List.of("storageLevel=DISK_ONLY"), "storageLevel")));
  }

  @Test
  void inProcessSparkLeavesMoreOfTheHeapToBeamUnlessTheJvmSaysOtherwise() {
    String given = System.clearProperty("spark.memory.fraction");
    try {
      RunnerChoice.SPARK.options(List.of(), false, "local[1]");
      assertEquals("0.4", System.getProperty("spark.memory.fraction"));
      System.setProperty("spark.memory.fraction", "0.5");
      RunnerChoice.SPARK.options(List.of(), false, "local[1]");
      assertEquals("0.5", System.getProperty("spark.memory.fraction"));
    } finally {
      if (given == null) {
        System.clearProperty("spark.memory.fraction");
      } else {
        System.setProperty("spark.memory.fraction", given);
      }
    }
  }

  @Test
  void eachRunnerGetsThePipelineThatReplacesItsGroupingsAndCombines() {
    assertEquals(DirectPipeline.class,
        Cli.pipelines(RunnerChoice.DIRECT.options(List.of(), false, "local[1]")).apply("job").getClass());
    assertEquals(SparkPipeline.class,
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
