package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.beamlake.capture.Secrets;
import org.beamlake.testdata.DatabricksStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code databricks:} section of a project file drives submit and deploy; an option given on
 * the command line wins over it; a mistake in it stops the command with the file, line and key.
 */
class DatabricksProjectSettingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ON_CLUSTER = "/Volumes/main/beamlake/projects/world";
  private static final String LAKE = "abfss://lake@acct.dfs.core.windows.net/lakes/world";

  @TempDir Path project;
  private DatabricksStandIn workspace;
  private Path jar;

  @BeforeEach
  void start() throws Exception {
    workspace = DatabricksStandIn.start();
    System.setProperty(Secrets.PROPERTY_PREFIX + "DATABRICKS_TOKEN", "dapi-test-token");
    System.setProperty(Secrets.PROPERTY_PREFIX + "TEST_DATABRICKS_HOST", workspace.url());
    jar = Files.write(project.resolve("beamlake.jar"), "jar bytes".getBytes());
  }

  @AfterEach
  void stop() {
    System.clearProperty(Secrets.PROPERTY_PREFIX + "DATABRICKS_TOKEN");
    System.clearProperty(Secrets.PROPERTY_PREFIX + "TEST_DATABRICKS_HOST");
    workspace.close();
  }

  private void projectFile(String... databricks) throws Exception {
    Files.writeString(project.resolve("beamlake.yaml"), String.join("\n",
        "name: world", "sources:", "  s: {path: 'in/*.csv'}", "databricks:") + "\n" + String.join("\n", databricks)
        + "\n");
  }

  private static JsonNode newCluster(JsonNode body) {
    return body.path("tasks").get(0).path("new_cluster");
  }

  @Test
  void submitTakesTheClusterFromTheProjectAndOptionsWin() throws Exception {
    projectFile(
        "  host: ${env:TEST_DATABRICKS_HOST}",
        "  volume: /Volumes/main/beamlake/jars",
        "  spark_version: 16.4.x-scala2.12",
        "  node_type: Standard_D4ds_v5",
        "  autoscale: {min: 2, max: 4}",
        "  cluster_env: {AZURE_STORAGE_KEY: '{{secrets/lake/key}}', TZ: UTC}");

    CliTest.Result fromProject = cli("databricks", "submit", ON_CLUSTER, "--local-project", project.toString(),
        "--lake", LAKE, "--jar", jar.toString(), "--run-id", "r1");
    assertEquals(0, fromProject.code(), fromProject.err());
    assertEquals(JSON.readTree("{\"spark_version\":\"16.4.x-scala2.12\",\"node_type_id\":\"Standard_D4ds_v5\","
        + "\"autoscale\":{\"min_workers\":2,\"max_workers\":4}}"),
        ((com.fasterxml.jackson.databind.node.ObjectNode) newCluster(
            workspace.bodies("POST", "/api/2.1/jobs/runs/submit").get(0)).deepCopy())
            .retain("spark_version", "node_type_id", "autoscale", "num_workers"));
    assertEquals(JSON.readTree("{\"AZURE_STORAGE_KEY\":\"{{secrets/lake/key}}\",\"TZ\":\"UTC\","
        + "\"JNAME\":\"zulu17-ca-amd64\"}"),
        newCluster(workspace.bodies("POST", "/api/2.1/jobs/runs/submit").get(0)).path("spark_env_vars"));

    CliTest.Result overridden = cli("databricks", "submit", ON_CLUSTER, "--local-project", project.toString(),
        "--lake", LAKE, "--jar", jar.toString(), "--run-id", "r2", "--workers", "5", "--node-type", "Standard_E8ds_v5",
        "--cluster-env", "TZ=Europe/Paris");
    assertEquals(0, overridden.code(), overridden.err());
    JsonNode second = newCluster(workspace.bodies("POST", "/api/2.1/jobs/runs/submit").get(1));
    assertEquals(JSON.readTree("{\"spark_version\":\"16.4.x-scala2.12\",\"node_type_id\":\"Standard_E8ds_v5\","
        + "\"num_workers\":5}"),
        ((com.fasterxml.jackson.databind.node.ObjectNode) second.deepCopy())
            .retain("spark_version", "node_type_id", "autoscale", "num_workers"));
    assertEquals(JSON.readTree("{\"AZURE_STORAGE_KEY\":\"{{secrets/lake/key}}\",\"TZ\":\"Europe/Paris\","
        + "\"JNAME\":\"zulu17-ca-amd64\"}"), second.path("spark_env_vars"));
  }

  @Test
  void deployTakesTheJobNameAndScheduleFromTheProject() throws Exception {
    projectFile(
        "  host: ${env:TEST_DATABRICKS_HOST}",
        "  volume: /Volumes/main/beamlake/jars",
        "  existing_cluster: 0101-123456-abcdefgh",
        "  job_name: world-lake",
        "  schedule: 0 0 3 * * ?",
        "  timezone: Europe/Paris");
    workspace.cluster("0101-123456-abcdefgh", "16.4.x-scala2.12");

    CliTest.Result r = cli("databricks", "deploy", ON_CLUSTER, "--local-project", project.toString(), "--lake", LAKE,
        "--jar", jar.toString(), "--timezone", "UTC");
    assertEquals(0, r.code(), r.err());
    assertEquals("created job 501 'world-lake' (schedule '0 0 3 * * ?' UTC)",
        r.out().lines().reduce((a, b) -> b).orElseThrow());
    JsonNode created = workspace.bodies("POST", "/api/2.1/jobs/create").get(0);
    assertEquals("world-lake", created.path("name").asText());
    assertEquals(JSON.readTree("{\"quartz_cron_expression\":\"0 0 3 * * ?\",\"timezone_id\":\"UTC\","
        + "\"pause_status\":\"UNPAUSED\"}"), created.path("schedule"));
  }

  @Test
  void aTypoInTheSectionStopsTheCommandBeforeAnyRequest() throws Exception {
    projectFile("  volume: /Volumes/main/beamlake/jars", "  node_typ: Standard_D4ds_v5");

    CliTest.Result r = cli("databricks", "submit", project.toString(), "--lake", LAKE, "--host", workspace.url(),
        "--jar", jar.toString());
    assertEquals(1, r.code());
    assertEquals("error: " + project.resolve("beamlake.yaml") + ":6: databricks.node_typ: unknown key (did you mean "
        + "'node_type'?); expected one of host, profile, volume, spark_version, node_type, workers, autoscale, "
        + "existing_cluster, cluster_env, job_name, schedule, timezone", r.err().lines().findFirst().orElseThrow());
    assertEquals(List.of(), workspace.requests());
  }
}
