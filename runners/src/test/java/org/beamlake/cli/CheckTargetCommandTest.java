package org.beamlake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code beamlake check-target}: the exact report for a good target, an unknown one and unsupported ones. */
class CheckTargetCommandTest {
  static final String BEAMLAKE =
      "beamlake  Spark 3.5.0, Scala 2.12.18, Java 17 bytecode, Apache Beam 2.70.0 (Spark 3 runner)";
  static final String COMPATIBLE =
      "compatible: spark-submit --class org.beamlake.cli.Main beamlake.jar run PROJECT --stage STAGE --lake URI";

  @Test
  void anEmr7ReleaseIsCompatible() {
    CliTest.Result r = CliTest.cli("check-target", "--emr-release", "emr-7.12.0");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(
            "target    Amazon EMR emr-7.12.0: Spark 3.5.6, Scala 2.12.18, Java 17",
            BEAMLAKE,
            "  ok    Spark  3.5.0 here, 3.5.6 on the target: the same 3.5 line, same or newer patch",
            "  ok    Scala  2.12 on both",
            "  ok    Java   17 bytecode, Java 17 on the target",
            COMPATIBLE),
        r.out().lines().toList());
    assertEquals("", r.err());
  }

  @Test
  void databricks16Point4WithScala212IsCompatible() {
    CliTest.Result r = CliTest.cli("check-target", "--databricks-runtime", "16.4.x-scala2.12");
    assertEquals(0, r.code(), r.err());
    assertEquals("target    Databricks Runtime 16.4.x-scala2.12: Spark 3.5.2, Scala 2.12, Java 17",
        r.out().lines().findFirst().orElseThrow());
    assertEquals(COMPATIBLE, r.out().lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void anUnknownReleaseIsRefusedWithTheKnownOnes() {
    CliTest.Result r = CliTest.cli("check-target", "--emr-release", "emr-7.99.0");
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertEquals(List.of(
            "error: unknown EMR release 'emr-7.99.0'; known: emr-7.0.0, emr-7.1.0, emr-7.2.0, emr-7.3.0, emr-7.4.0, "
                + "emr-7.5.0, emr-7.6.0, emr-7.7.0, emr-7.8.0, emr-7.9.0, emr-7.10.0, emr-7.11.0, emr-7.12.0",
            "A newer release may well be compatible: add it, with its Spark, Scala and Java versions from the vendor's "
                + "release notes, to beamlake's TargetPlatforms."),
        r.errLines());
  }

  @Test
  void databricks17OnSpark4AndScala213IsRefusedWithWhatToDo() {
    CliTest.Result r = CliTest.cli("check-target", "--databricks-runtime", "17.3.x-scala2.13");
    assertEquals(1, r.code());
    assertEquals(List.of(
            "target    Databricks Runtime 17.3.x-scala2.13: Spark 4.0.0, Scala 2.13, Java 17",
            BEAMLAKE,
            "  FAIL  Spark  3.5.0 here, 4.0.0 on the target: Beam's Spark runner (beam-runners-spark-3) runs on Spark 3 "
                + "only",
            "  FAIL  Scala  2.12 here, 2.13 on the target: Scala binary versions must match",
            "  ok    Java   17 bytecode, Java 17 on the target",
            "  note  this table's 17.3.x-scala2.13: its Spark patch release (4.0.0) is not confirmed by the release notes"),
        r.out().lines().toList());
    assertEquals(List.of("not compatible: deploy to Databricks Runtime 16.4.x-scala2.12 (Spark 3.5.2, Scala 2.12, Java 17)"),
        r.errLines());
  }

  @Test
  void aRuntimeOnJava8IsRefusedUnlessItsClustersRunJava17() {
    CliTest.Result r = CliTest.cli("check-target", "--databricks-runtime", "15.4.x-scala2.12");
    assertEquals(1, r.code());
    assertEquals("  FAIL  Java   17 bytecode, Java 8 on the target: the jar needs Java 17 or newer",
        r.out().lines().toList().get(4));
    assertEquals(List.of("not compatible: run the target's clusters on Java 17 (Databricks: the environment variable "
            + "JNAME=zulu17-ca-amd64) and check again with --target-java 17; or deploy to Databricks Runtime "
            + "16.4.x-scala2.12 (Spark 3.5.2, Scala 2.12, Java 17)"),
        r.errLines());

    CliTest.Result java17 = CliTest.cli("check-target", "--databricks-runtime", "15.4.x-scala2.12", "--target-java", "17");
    assertEquals(0, java17.code(), java17.out());
  }

  @Test
  void aScalaImageARuntimeDoesNotComeInIsUnknown() {
    CliTest.Result r = CliTest.cli("check-target", "--databricks-runtime", "17.3.x-scala2.12");
    assertEquals(1, r.code());
    assertEquals("error: unknown Databricks Runtime '17.3.x-scala2.12'; known: 15.4.x-scala2.12, 16.4.x-scala2.12, "
        + "16.4.x-scala2.13, 17.3.x-scala2.13", r.errLines().get(0));
  }
}
