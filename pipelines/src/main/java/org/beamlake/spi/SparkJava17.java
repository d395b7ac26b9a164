package org.beamlake.spi;

/**
 * The Java options Spark 3.5's own launcher passes on Java 17, which every JVM running beamlake
 * with Spark needs: the cloud adapters put them in a cluster's driver and executor options. The
 * same list as the build's {@code .mvn/jvm.config} (a test keeps the two equal).
 */
public final class SparkJava17 {
  /** Space-separated, as {@code spark.driver.extraJavaOptions} takes them. */
  public static final String FLAGS = "-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false "
      + "--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED "
      + "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED "
      + "--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED "
      + "--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED "
      + "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED "
      + "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED "
      + "--add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED "
      + "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";

  private SparkJava17() {}
}
