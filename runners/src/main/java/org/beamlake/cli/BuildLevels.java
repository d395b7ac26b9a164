package org.beamlake.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.util.ReleaseInfo;

/**
 * The Spark, Scala and Java levels beamlake runs at, read from the classpath: {@code
 * org.apache.spark.package$.SPARK_VERSION}, {@code scala.util.Properties}, and the class-file level
 * of beamlake's own classes. With bin/beamlake this is the classpath the cluster jar is built from;
 * under spark-submit it is the cluster's own Spark and Scala.
 */
record BuildLevels(String spark, String scala, int javaBytecode, String beam) {

  /** The levels of this JVM's classpath. */
  static BuildLevels current() {
    return new BuildLevels(scalaObjectValue("org.apache.spark.package$", "SPARK_VERSION"),
        scalaObjectValue("scala.util.Properties$", "versionNumberString"), classFileLevel(),
        ReleaseInfo.getReleaseInfo().getVersion());
  }

  /** {@code 2.12} of {@code 2.12.18}. */
  static String binary(String version) {
    String[] parts = version.split("\\.");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
  }

  private static String scalaObjectValue(String objectClass, String method) {
    try {
      Class<?> type = Class.forName(objectClass);
      Object module = type.getField("MODULE$").get(null);
      return (String) type.getMethod(method).invoke(module);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(objectClass + " is not on the classpath: run check-target with bin/beamlake "
          + "or under spark-submit", e);
    }
  }

  /** The Java feature version beamlake's classes are compiled for (class-file major version - 44). */
  private static int classFileLevel() {
    try (InputStream in = BuildLevels.class.getResourceAsStream("BuildLevels.class");
        DataInputStream data = new DataInputStream(in)) {
      data.readInt(); // magic
      data.readUnsignedShort(); // minor
      return data.readUnsignedShort() - 44;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
