package org.beamlake.azure.adls;

import java.io.File;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.hdfs.HadoopFileSystemOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Points Beam's Hadoop filesystem bridge at a lake whose scheme no Beam filesystem serves
 * ({@code abfss://} above all: Beam has no ADLS Gen2 filesystem, apache/beam issue 18507).
 *
 * <p>Beam's bridge takes one Hadoop {@link Configuration} and registers only the scheme of its
 * {@code fs.defaultFS}; every path is then opened with Hadoop's {@code FileSystem} for that URI. So
 * the configuration is the one the cluster already has (on Databricks the SparkContext's, which
 * holds the ABFS driver's settings and credentials), or without a cluster Hadoop's defaults with the
 * {@code core-site.xml} on the classpath and in {@code HADOOP_CONF_DIR}; then whatever {@code
 * --hdfsConfiguration} gives; then {@code fs.defaultFS} set to the lake's root. The configuration
 * travels to the workers inside the pipeline options.
 *
 * <pre>{@code
 * if (HadoopLakes.bridged(lake)) {
 *   HadoopLakes.use(options, lake, sparkContext.hadoopConfiguration(), false);
 * }
 * FileSystems.setDefaultPipelineOptions(options);
 * }</pre>
 */
public final class HadoopLakes {
  /** Schemes Beam serves with its own filesystems in this build; a lake elsewhere is bridged. */
  private static final Set<String> BEAM_SCHEMES = Set.of("file", "s3", "azfs", "gs");

  private HadoopLakes() {}

  /** Whether a location (a lake or project URI) needs the Hadoop bridge: a URI of a scheme Beam does not serve. */
  public static boolean bridged(String location) {
    String scheme = scheme(location);
    return scheme != null && !BEAM_SCHEMES.contains(scheme);
  }

  /**
   * Sets {@code options}' Hadoop configuration for a bridged lake: {@code base}, then the entries of
   * the configuration given with {@code --hdfsConfiguration} (when {@code given} says it was), then
   * {@code fs.defaultFS} = the lake's {@code scheme://authority/}.
   *
   * @param given whether the user gave {@code --hdfsConfiguration}; otherwise Beam's own default
   *     (read from {@code HADOOP_CONF_DIR}) is not layered over {@code base}, which already holds it
   */
  public static void use(PipelineOptions options, String lake, Configuration base, boolean given) {
    if (!bridged(lake)) {
      throw new IllegalArgumentException(lake + " is served by Beam's own filesystem, not through Hadoop");
    }
    URI uri = URI.create(lake);
    if (uri.getAuthority() == null) {
      throw new IllegalArgumentException("lake " + lake + ": expected " + uri.getScheme() + "://AUTHORITY/PATH, e.g. "
          + "abfss://container@account.dfs.core.windows.net/lakes/world");
    }
    HadoopFileSystemOptions hadoop = options.as(HadoopFileSystemOptions.class);
    Configuration conf = new Configuration(base);
    List<Configuration> layers = given ? hadoop.getHdfsConfiguration() : null;
    if (layers != null) {
      for (Configuration layer : layers) {
        layer.forEach(e -> conf.set(e.getKey(), e.getValue()));
      }
    }
    conf.set("fs.defaultFS", uri.getScheme() + "://" + uri.getAuthority() + "/");
    hadoop.setHdfsConfiguration(List.of(conf));
  }

  /**
   * The configuration of a process that is not on a cluster: Hadoop's defaults and the {@code
   * core-site.xml} on the classpath, then {@code core-site.xml} and {@code hdfs-site.xml} from each
   * folder of {@code HADOOP_CONF_DIR} (as Hadoop's own launchers read them).
   */
  public static Configuration fromEnvironment(Map<String, String> environment) {
    Configuration conf = new Configuration();
    String dirs = environment.get("HADOOP_CONF_DIR");
    if (dirs != null && !dirs.isBlank()) {
      for (String dir : dirs.split(File.pathSeparator)) {
        for (String name : List.of("core-site.xml", "hdfs-site.xml")) {
          File file = new File(dir, name);
          if (file.isFile()) {
            conf.addResource(new Path(file.getAbsolutePath()));
          }
        }
      }
    }
    return conf;
  }

  private static String scheme(String location) {
    if (location == null || !location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return null;
    }
    return location.substring(0, location.indexOf(':')).toLowerCase(Locale.ROOT);
  }
}
