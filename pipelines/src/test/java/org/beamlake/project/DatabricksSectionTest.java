package org.beamlake.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabricksSectionTest {
  @TempDir Path dir;

  private static final String PROJECT = String.join("\n", "name: p", "sources:", "  s: {path: 'in/*.csv'}", "");

  private Project load(String... databricks) throws Exception {
    Files.writeString(dir.resolve("beamlake.yaml"), PROJECT + String.join("\n", databricks) + "\n");
    return ProjectLoader.load(dir);
  }

  private List<String> errors(String... databricks) throws Exception {
    ProjectException e = assertThrows(ProjectException.class, () -> load(databricks));
    return e.errors().stream().map(x -> x.toString().replace(dir + "/", "")).toList();
  }

  @Test
  void readsEverySetting() throws Exception {
    DatabricksConfig d = load(
        "databricks:",
        "  host: ${env:DATABRICKS_HOST}",
        "  profile: prod",
        "  volume: /Volumes/main/beamlake/jars",
        "  spark_version: 16.4.x-scala2.12",
        "  node_type: Standard_D4ds_v5",
        "  autoscale: {min: 2, max: 4}",
        "  cluster_env: {AZURE_STORAGE_KEY: '{{secrets/lake/storage-key}}', TZ: UTC}",
        "  job_name: world-lake",
        "  schedule: 0 0 3 * * ?",
        "  timezone: Europe/Paris").databricks();
    assertEquals(new DatabricksConfig("${env:DATABRICKS_HOST}", "prod", "/Volumes/main/beamlake/jars",
        "16.4.x-scala2.12", "Standard_D4ds_v5", null, 2, 4, null,
        Map.of("AZURE_STORAGE_KEY", "{{secrets/lake/storage-key}}", "TZ", "UTC"), "world-lake", "0 0 3 * * ?",
        "Europe/Paris"), d);
  }

  @Test
  void aProjectWithoutTheSectionHasNone() throws Exception {
    assertNull(load().databricks());
  }

  @Test
  void aTypoedKeyIsNamedWithItsLineAndTheClosestKey() throws Exception {
    assertEquals(List.of("beamlake.yaml:6: databricks.node_typ: unknown key (did you mean 'node_type'?); expected one "
        + "of host, profile, volume, spark_version, node_type, workers, autoscale, existing_cluster, cluster_env, "
        + "job_name, schedule, timezone"),
        errors("databricks:", "  volume: /Volumes/main/beamlake/jars", "  node_typ: Standard_D4ds_v5"));
  }

  @Test
  void everyWrongValueIsReportedAtItsLine() throws Exception {
    assertEquals(List.of(
        "beamlake.yaml:5: databricks.host: expected the workspace URL (https://adb-….azuredatabricks.net) or a "
            + "reference such as ${env:DATABRICKS_HOST}, got 'adb-1.azuredatabricks.net'",
        "beamlake.yaml:6: databricks.volume: expected /Volumes/CATALOG/SCHEMA/VOLUME[/DIR], got 'dbfs:/jars'",
        "beamlake.yaml:8: databricks.autoscale: max (2) is below min (4)",
        "beamlake.yaml:8: databricks.autoscale: give workers or autoscale, not both",
        "beamlake.yaml:9: databricks.cluster_env.STORAGE_KEY: holds a credential: give it as a secret reference, "
            + "e.g. {{secrets/SCOPE/KEY}}, never the value",
        "beamlake.yaml:10: databricks.schedule: expected a Quartz cron expression with seconds first, e.g. "
            + "'0 0 3 * * ?', got '0 3 * * *'",
        "beamlake.yaml:11: databricks.timezone: unknown time zone 'Paris'; e.g. UTC, Europe/Paris"),
        errors("databricks:",
            "  host: adb-1.azuredatabricks.net",
            "  volume: dbfs:/jars",
            "  workers: 3",
            "  autoscale: {min: 4, max: 2}",
            "  cluster_env: {STORAGE_KEY: c2VjcmV0}",
            "  schedule: 0 3 * * *",
            "  timezone: Paris"));
  }

  @Test
  void anExistingClusterTakesNoClusterShape() throws Exception {
    assertEquals(List.of("beamlake.yaml:6: databricks.node_type: an existing cluster has its own node_type; drop it "
        + "or drop existing_cluster"),
        errors("databricks:", "  existing_cluster: 0101-123456-abcdefgh", "  node_type: Standard_D4ds_v5"));
  }
}
