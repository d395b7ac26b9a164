package org.beamlake.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the clusters beamlake is deployed to run: the Spark, Scala and default Java of each Amazon
 * EMR 7.x release and Databricks Runtime LTS, as their vendors publish them. Add a release here when
 * it comes out; a row whose value could not be confirmed against its source says so in {@code note}.
 */
final class TargetPlatforms {
  private TargetPlatforms() {}

  /**
   * One target.
   *
   * @param name as the user names it ({@code emr-7.12.0}, {@code 16.4.x-scala2.12})
   * @param scala full Scala version, or only its binary version where the vendor gives no more
   * @param java the Java the target runs by default (feature version)
   * @param note what in this row is not verified, or null
   */
  record Target(String platform, String name, String spark, String scala, int java, @Nullable String note) {}

  // Amazon EMR, on EC2. Sources (Amazon EMR Release Guide):
  // - Spark: "Spark release history" (Spark-release-history.html), read for emr-7.8.0 to emr-7.12.0;
  //   emr-7.0.0 to emr-7.7.0 from the EMR Serverless release pages of the same labels
  //   (EMR-Serverless-UserGuide/release-version-7N0.html), except emr-7.2.0 (not found).
  // - Scala: "Application versions in Amazon EMR 7.x releases" (emr-release-app-versions-7.x.html):
  //   2.12.17 for 7.0.0-7.2.0, 2.12.18 from 7.3.0.
  // - Java: "Configure applications to use a specific Java Virtual Machine" (configuring-java8.html):
  //   "For Amazon EMR 7.x, the default Java Virtual Machine (JVM) is Java 17".
  private static final List<Target> EMR = List.of(
      emr("7.0.0", "3.5.0", "2.12.17", null),
      emr("7.1.0", "3.5.0", "2.12.17", null),
      emr("7.2.0", "3.5.1", "2.12.17", "its Spark version (3.5.1) is not confirmed by the release guide"),
      emr("7.3.0", "3.5.1", "2.12.18", null),
      emr("7.4.0", "3.5.2", "2.12.18", null),
      emr("7.5.0", "3.5.2", "2.12.18", null),
      emr("7.6.0", "3.5.3", "2.12.18", null),
      emr("7.7.0", "3.5.3", "2.12.18", null),
      emr("7.8.0", "3.5.4", "2.12.18", null),
      emr("7.9.0", "3.5.5", "2.12.18", null),
      emr("7.10.0", "3.5.5", "2.12.18", null),
      emr("7.11.0", "3.5.6", "2.12.18", null),
      emr("7.12.0", "3.5.6", "2.12.18", null));

  // Databricks Runtime LTS. Sources (Databricks release notes):
  // - 15.4 LTS: "Databricks Runtime release notes versions and compatibility" lists Apache Spark 3.5.0;
  //   Scala 2.12 only; JDK 8 by default ("Databricks Runtime 16.0": "the default JDK version is switched
  //   from JDK 8 to JDK 17" from 16.0).
  // - 16.4 LTS: "Databricks Runtime 16.4 LTS, powered by Apache Spark 3.5.2", two images (Scala 2.12
  //   and Scala 2.13); JDK 17 by default (from 16.0).
  // - 17.x: "Starting with Databricks Runtime 17 (Spark 4), only Scala 2.13 will be supported"; JDK 17
  //   by default until 18.0 made it JDK 21. 17.3 LTS's exact Spark patch release is not confirmed here.
  private static final Map<String, DatabricksLine> DATABRICKS = new LinkedHashMap<>();

  /** A Databricks Runtime line and the Scala images it comes in. */
  private record DatabricksLine(String spark, List<String> scalaImages, int java, @Nullable String note) {}

  static {
    DATABRICKS.put("15.4", new DatabricksLine("3.5.0", List.of("2.12"), 8, null));
    DATABRICKS.put("16.4", new DatabricksLine("3.5.2", List.of("2.12", "2.13"), 17, null));
    DATABRICKS.put("17.3", new DatabricksLine("4.0.0", List.of("2.13"), 17,
        "its Spark patch release (4.0.0) is not confirmed by the release notes"));
  }

  private static final Pattern RUNTIME = Pattern.compile("(\\d+\\.\\d+)\\.x-(?:[a-z0-9]+-)*scala(2\\.\\d+)");

  private static Target emr(String version, String spark, String scala, @Nullable String note) {
    return new Target("Amazon EMR", "emr-" + version, spark, scala, 17, note);
  }

  /** An EMR release by its label ({@code emr-7.12.0}). */
  static Optional<Target> emrRelease(String label) {
    return EMR.stream().filter(t -> t.name().equals(label)).findFirst();
  }

  static List<String> emrReleases() {
    return EMR.stream().map(Target::name).toList();
  }

  /**
   * What to deploy to instead, on a platform: the newest EMR release; on Databricks the newest LTS
   * still on Spark 3 with a Scala 2.12 image (Databricks Runtime 17 moved to Spark 4 and Scala 2.13).
   */
  static Target recommended(String platform) {
    return platform.equals("Amazon EMR") ? EMR.get(EMR.size() - 1) : databricksRuntime("16.4.x-scala2.12").orElseThrow();
  }

  /**
   * A Databricks Runtime by its version string as the clusters API takes it ({@code
   * 16.4.x-scala2.12}, {@code 16.4.x-photon-scala2.12}); empty for an unknown line, or for a Scala
   * image the line does not come in.
   */
  static Optional<Target> databricksRuntime(String version) {
    Matcher m = RUNTIME.matcher(version);
    if (!m.matches()) {
      return Optional.empty();
    }
    DatabricksLine line = DATABRICKS.get(m.group(1));
    if (line == null || !line.scalaImages().contains(m.group(2))) {
      return Optional.empty();
    }
    return Optional.of(new Target("Databricks Runtime", version, line.spark(), m.group(2), line.java(), line.note()));
  }

  /** The runtime versions the table knows, as {@code 16.4.x-scala2.12}. */
  static List<String> databricksRuntimes() {
    return DATABRICKS.entrySet().stream().flatMap(e -> e.getValue().scalaImages().stream()
        .map(scala -> e.getKey() + ".x-scala" + scala)).toList();
  }
}
