package org.beamlake.azure.adls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.hdfs.HadoopFileSystemOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopLakesTest {
  @Test
  void onlySchemesBeamDoesNotServeAreBridged() {
    assertTrue(HadoopLakes.bridged("abfss://lake@acct.dfs.core.windows.net/world"));
    assertTrue(HadoopLakes.bridged("viewfs://adls/data"));
    assertFalse(HadoopLakes.bridged("azfs://acct/lake/world"));
    assertFalse(HadoopLakes.bridged("s3://bucket/world"));
    assertFalse(HadoopLakes.bridged("file:///tmp/world"));
    assertFalse(HadoopLakes.bridged("/tmp/world"));
  }

  @Test
  void theClusterConfigurationThenTheGivenOneThenTheLakeAsDefaultFs() {
    Configuration cluster = new Configuration(false);
    cluster.set("fs.azure.account.auth.type", "OAuth");
    cluster.set("fs.defaultFS", "dbfs:///");
    cluster.set("io.file.buffer.size", "4096");
    Configuration given = new Configuration(false);
    given.set("io.file.buffer.size", "65536");
    HadoopFileSystemOptions options = PipelineOptionsFactory.create().as(HadoopFileSystemOptions.class);
    options.setHdfsConfiguration(List.of(given));

    HadoopLakes.use(options, "abfss://lake@acct.dfs.core.windows.net/lakes/world", cluster, true);

    Configuration used = options.getHdfsConfiguration().get(0);
    assertEquals(1, options.getHdfsConfiguration().size());
    assertEquals("abfss://lake@acct.dfs.core.windows.net/", used.get("fs.defaultFS"));
    assertEquals("OAuth", used.get("fs.azure.account.auth.type"));
    assertEquals("65536", used.get("io.file.buffer.size"));
    assertEquals("dbfs:///", cluster.get("fs.defaultFS"), "the cluster's own configuration is left as it is");
  }

  @Test
  void beamsDefaultIsNotLayeredOverTheClusterConfiguration() {
    Configuration cluster = new Configuration(false);
    cluster.set("io.file.buffer.size", "4096");
    Configuration located = new Configuration(false);
    located.set("io.file.buffer.size", "1");
    HadoopFileSystemOptions options = PipelineOptionsFactory.create().as(HadoopFileSystemOptions.class);
    options.setHdfsConfiguration(List.of(located));

    HadoopLakes.use(options, "abfss://lake@acct.dfs.core.windows.net/world", cluster, false);

    assertEquals("4096", options.getHdfsConfiguration().get(0).get("io.file.buffer.size"));
  }

  @Test
  void aLakeWithoutAnAuthorityIsRefusedWithAnExample() {
    HadoopFileSystemOptions options = PipelineOptionsFactory.create().as(HadoopFileSystemOptions.class);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HadoopLakes.use(options, "abfss:///world", new Configuration(false), false));
    assertEquals("lake abfss:///world: expected abfss://AUTHORITY/PATH, e.g. "
        + "abfss://container@account.dfs.core.windows.net/lakes/world", e.getMessage());
  }

  @Test
  void hadoopConfDirIsReadWithoutACluster(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("core-site.xml"), "<configuration><property><name>fs.azure.account.auth.type"
        + "</name><value>Custom</value></property></configuration>");

    Configuration conf = HadoopLakes.fromEnvironment(Map.of("HADOOP_CONF_DIR", dir.toString()));

    assertEquals("Custom", conf.get("fs.azure.account.auth.type"));
    assertEquals("file:///", conf.get("fs.defaultFS"), "Hadoop's defaults are there too");
  }
}
