package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.beamlake.capture.Secrets;
import org.beamlake.testdata.DatabricksStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beamlake databricks …} against a local server speaking the Jobs 2.1 and Files APIs: the
 * exact requests (task graph, cluster, jar path, parameters, idempotency token), a run's states as
 * printed, failures, retries on 429 and 5xx, and job definitions with a schedule.
 */
class DatabricksCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROJECT = "azfs://acct/lake/projects/world";
  private static final String LAKE = "azfs://acct/lake/lakes/world";
  private static final String FLAGS = "-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false "
      + "--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED "
      + "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED "
      + "--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED "
      + "--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED "
      + "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED "
      + "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED "
      + "--add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED "
      + "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";

  @TempDir Path tmp;
  private DatabricksStandIn workspace;
  private Path jar;
  private String jarPath;

  @BeforeEach
  void start() throws Exception {
    workspace = DatabricksStandIn.start();
    System.setProperty(Secrets.PROPERTY_PREFIX + "DATABRICKS_TOKEN", "dapi-test-token");
    jar = tmp.resolve("beamlake.jar");
    Files.write(jar, "not really a jar, but bytes with a hash".getBytes());
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    jarPath = "/Volumes/main/beamlake/jars/beamlake-" + sha.substring(0, 16) + ".jar";
  }

  @AfterEach
  void stop() {
    System.clearProperty(Secrets.PROPERTY_PREFIX + "DATABRICKS_TOKEN");
    workspace.close();
  }

  private String[] submit(String... more) {
    return submitAs("r20", more);
  }

  private String[] submitAs(String runId, String... more) {
    List<String> args = new ArrayList<>(List.of("databricks", "submit", PROJECT, "--lake", LAKE, "--host",
        workspace.url(), "--jar", jar.toString(), "--volume", "/Volumes/main/beamlake/jars", "--run-id", runId,
        "--poll-seconds", "0"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static List<String> checkTarget(String runtime) {
    return cli("check-target", "--databricks-runtime", runtime).out().lines().toList();
  }

  @Test
  void submitUploadsTheJarChainsTheStagesAndFollowsTheRun() throws Exception {
    CliTest.Result r = cli(submit("--node-type", "Standard_D4ds_v5", "--autoscale", "2..8", "--cluster-env",
        "AZURE_STORAGE_KEY={{secrets/lake/key}}", "--wait", "--", "--accountName=acct",
        "--accessKey=${env:AZURE_STORAGE_KEY}"));
    assertEquals(0, r.code(), r.err());
    List<String> expected = new ArrayList<>(checkTarget("16.4.x-scala2.12"));
    expected.addAll(List.of("jar       " + jarPath + " (uploaded, 0 MB)",
        "submitted run 1001 (beamlake run r20: capture -> etl -> analytics)",
        "  capture    PENDING", "  etl        PENDING", "  analytics  PENDING",
        "  capture    RUNNING", "  capture    TERMINATED SUCCESS", "  etl        RUNNING", "  etl        TERMINATED SUCCESS",
        "  analytics  RUNNING", "  analytics  TERMINATED SUCCESS", "run 1001: SUCCESS"));
    assertEquals(expected, r.out().lines().toList());

    String cluster = "{\"spark_version\":\"16.4.x-scala2.12\",\"node_type_id\":\"Standard_D4ds_v5\","
        + "\"autoscale\":{\"min_workers\":2,\"max_workers\":8},\"spark_conf\":{\"spark.driver.extraJavaOptions\":\""
        + FLAGS + "\",\"spark.executor.extraJavaOptions\":\"" + FLAGS + "\"},\"spark_env_vars\":{"
        + "\"AZURE_STORAGE_KEY\":\"{{secrets/lake/key}}\",\"JNAME\":\"zulu17-ca-amd64\"}}";
    String params = "\"--lake\",\"" + LAKE + "\",\"--run-id\",\"r20\",\"--\",\"--accountName=acct\","
        + "\"--accessKey=${env:AZURE_STORAGE_KEY}\"]";
    JsonNode expectedBody = JSON.readTree("{\"run_name\":\"beamlake r20\",\"idempotency_token\":\""
        + token("r20") + "\",\"tasks\":["
        + "{\"task_key\":\"capture\",\"new_cluster\":" + cluster + ",\"spark_jar_task\":{\"main_class_name\":"
        + "\"org.beamlake.cli.Main\",\"parameters\":[\"run\",\"" + PROJECT + "\",\"--stage\",\"capture\"," + params
        + "},\"libraries\":[{\"jar\":\"" + jarPath + "\"}]},"
        + "{\"task_key\":\"etl\",\"depends_on\":[{\"task_key\":\"capture\"}],\"new_cluster\":" + cluster
        + ",\"spark_jar_task\":{\"main_class_name\":\"org.beamlake.cli.Main\",\"parameters\":[\"run\",\"" + PROJECT
        + "\",\"--stage\",\"etl\"," + params + "},\"libraries\":[{\"jar\":\"" + jarPath + "\"}]},"
        + "{\"task_key\":\"analytics\",\"depends_on\":[{\"task_key\":\"etl\"}],\"new_cluster\":" + cluster
        + ",\"spark_jar_task\":{\"main_class_name\":\"org.beamlake.cli.Main\",\"parameters\":[\"run\",\"" + PROJECT
        + "\",\"--stage\",\"analytics\"," + params + "},\"libraries\":[{\"jar\":\"" + jarPath + "\"}]}]}");
    assertEquals(List.of(expectedBody), workspace.bodies("POST", "/api/2.1/jobs/runs/submit"));

    List<String> lines = workspace.requests().stream().map(DatabricksStandIn.Request::line).toList();
    List<String> calls = new ArrayList<>(List.of("HEAD /api/2.0/fs/files" + jarPath,
        "PUT /api/2.0/fs/files" + jarPath + "?overwrite=false", "POST /api/2.1/jobs/runs/submit"));
    for (int i = 0; i < 7; i++) {
      calls.add("GET /api/2.1/jobs/runs/get?run_id=1001");
    }
    assertEquals(calls, lines);
    assertTrue(workspace.requests().stream().allMatch(q -> q.authorization().equals("Bearer dapi-test-token")));
    assertEquals("not really a jar, but bytes with a hash", new String(workspace.files().get(jarPath)));
  }

  @Test
  void submittingAgainWithTheSameRunIdReusesTheJarAndTheRun() throws Exception {
    assertEquals(0, cli(submit("--node-type", "Standard_D4ds_v5")).code());
    CliTest.Result again = cli(submit("--node-type", "Standard_D4ds_v5"));
    assertEquals(0, again.code(), again.err());
    List<String> out = again.out().lines().toList();
    assertEquals(List.of("jar       " + jarPath + " (already there)",
        "submitted run 1001 (beamlake run r20: capture -> etl -> analytics)",
        "follow it with: beamlake databricks status 1001"), out.subList(out.size() - 3, out.size()));
    List<JsonNode> submits = workspace.bodies("POST", "/api/2.1/jobs/runs/submit");
    assertEquals(2, submits.size());
    assertEquals(submits.get(0), submits.get(1));
    assertEquals(1, workspace.requests().stream().filter(q -> q.method().equals("PUT")).count());
  }

  @Test
  void aFailedTaskPrintsItsErrorAndTheRunPage() {
    workspace.taskResult("etl", "java.lang.IllegalStateException: unique(REF_AREA, INDICATOR, TIME_PERIOD) failed");
    CliTest.Result r = cli(submit("--node-type", "Standard_D4ds_v5", "--workers", "3", "--wait"));
    assertEquals(1, r.code());
    List<String> out = r.out().lines().toList();
    assertEquals(List.of("  capture    RUNNING", "  capture    TERMINATED SUCCESS", "  etl        RUNNING",
        "  etl        TERMINATED FAILED", "  analytics  SKIPPED UPSTREAM_FAILED", "run 1001: TERMINATED FAILED",
        "  etl failed: java.lang.IllegalStateException: unique(REF_AREA, INDICATOR, TIME_PERIOD) failed",
        "run page: " + workspace.url() + "/#job/runs/1001"), out.subList(out.size() - 8, out.size()));
    assertEquals("GET /api/2.1/jobs/runs/get-output?run_id=10012",
        workspace.requests().get(workspace.requests().size() - 1).line());
  }

  @Test
  void tooManyRequestsAndServerErrorsAreRetriedWithTheSameToken() throws Exception {
    workspace.fail("HEAD", "/api/2.0/fs/files" + jarPath, 502);
    workspace.fail("POST", "/api/2.1/jobs/runs/submit", 429, 503);
    CliTest.Result r = cli(submit("--node-type", "Standard_D4ds_v5"));
    assertEquals(0, r.code(), r.err());
    List<JsonNode> submits = workspace.bodies("POST", "/api/2.1/jobs/runs/submit");
    assertEquals(3, submits.size());
    assertEquals(token("r20"), submits.get(2).path("idempotency_token").asText());
    assertEquals(submits.get(0), submits.get(2));
    assertEquals(2, workspace.requests().stream().filter(q -> q.method().equals("HEAD")).count());

    workspace.fail("GET", "/api/2.1/jobs/runs/get", 503, 503, 503, 503, 503);
    CliTest.Result status = cli("databricks", "status", "1001", "--host", workspace.url());
    assertEquals(1, status.code());
    assertEquals(List.of("error: /api/2.1/jobs/runs/get?run_id=1001: HTTP 503 TEMPORARILY_UNAVAILABLE: stand-in fault "
        + "503 (after 5 attempts)"), status.err().lines().toList());
  }

  @Test
  void statusLogsAndCancel() {
    workspace.cluster("0123-456789-abcdefgh", "16.4.x-scala2.12");
    workspace.taskResult("capture", "java.io.IOException: Data360 answered 401");
    assertEquals(0, cli(submit("--existing-cluster", "0123-456789-abcdefgh", "--stages", "capture,etl")).code());
    CliTest.Result status = cli("databricks", "status", "1001", "--host", workspace.url());
    assertEquals(1, status.code());
    assertEquals(List.of("run 1001: PENDING", "  capture    PENDING", "  etl        PENDING",
        "run page: " + workspace.url() + "/#job/runs/1001"), status.out().lines().toList());
    cli("databricks", "status", "1001", "--host", workspace.url());
    CliTest.Result failed = cli("databricks", "status", "1001", "--host", workspace.url());
    assertEquals(List.of("run 1001: TERMINATED FAILED", "  capture    TERMINATED FAILED",
        "  etl        SKIPPED UPSTREAM_FAILED", "run page: " + workspace.url() + "/#job/runs/1001"),
        failed.out().lines().toList());
    CliTest.Result logs = cli("databricks", "logs", "1001", "--host", workspace.url());
    assertEquals(0, logs.code(), logs.err());
    assertEquals(List.of("== capture (TERMINATED FAILED)", "java.io.IOException: Data360 answered 401",
        "java.io.IOException: Data360 answered 401", "\tat org.beamlake.cli.Main.main(Main.java:42)",
        "== etl (SKIPPED UPSTREAM_FAILED)", "run page: " + workspace.url() + "/#job/runs/1001 (the driver's stdout "
            + "and log4j output are there, under each task's Spark UI and logs)"), logs.out().lines().toList());

    workspace.taskResult("capture", null);
    assertEquals(0, cli(submitAs("r21", "--existing-cluster", "0123-456789-abcdefgh")).code());
    CliTest.Result cancel = cli("databricks", "cancel", "1002", "--host", workspace.url());
    assertEquals(List.of("cancel requested for run 1002; 'beamlake databricks status 1002' shows when it has stopped"),
        cancel.out().lines().toList());
    assertEquals("run 1002: TERMINATED CANCELED",
        cli("databricks", "status", "1002", "--host", workspace.url()).out().lines().findFirst().orElseThrow());
  }

  @Test
  void anExistingClusterIsCheckedBeforeAnythingIsUploadedOrSubmitted() {
    workspace.cluster("0123-456789-abcdefgh", "17.3.x-scala2.13");
    CliTest.Result r = cli(submit("--existing-cluster", "0123-456789-abcdefgh"));
    assertEquals(1, r.code());
    assertEquals(checkTarget("17.3.x-scala2.13"), r.out().lines().toList());
    assertEquals(List.of("not compatible: deploy to Databricks Runtime 16.4.x-scala2.12 (Spark 3.5.2, Scala 2.12, "
        + "Java 17)", "error: Databricks Runtime 17.3.x-scala2.13 cannot run this build (see above); nothing was "
        + "submitted"), r.err().lines().toList());
    assertEquals(List.of("GET /api/2.0/clusters/get?cluster_id=0123-456789-abcdefgh"),
        workspace.requests().stream().map(DatabricksStandIn.Request::line).toList());
  }

  @Test
  void deployCreatesTheScheduledJobThenUpdatesIt() throws Exception {
    String[] deploy = {"databricks", "deploy", PROJECT, "--lake", LAKE, "--host", workspace.url(), "--jar",
        jar.toString(), "--volume", "/Volumes/main/beamlake/jars", "--node-type", "Standard_D4ds_v5", "--workers", "2",
        "--job-name", "world-lake", "--schedule", "0 0 3 * * ?", "--timezone", "Europe/Paris", "--stages",
        "capture,etl"};
    CliTest.Result created = cli(deploy);
    assertEquals(0, created.code(), created.err());
    assertEquals("created job 501 'world-lake' (schedule '0 0 3 * * ?' Europe/Paris)",
        created.out().lines().reduce((a, b) -> b).orElseThrow());
    String cluster = "{\"spark_version\":\"16.4.x-scala2.12\",\"node_type_id\":\"Standard_D4ds_v5\",\"num_workers\":2,"
        + "\"spark_conf\":{\"spark.driver.extraJavaOptions\":\"" + FLAGS + "\",\"spark.executor.extraJavaOptions\":\""
        + FLAGS + "\"},\"spark_env_vars\":{\"JNAME\":\"zulu17-ca-amd64\"}}";
    String task = "\"job_cluster_key\":\"beamlake\",\"spark_jar_task\":{\"main_class_name\":\"org.beamlake.cli.Main\","
        + "\"parameters\":[\"run\",\"" + PROJECT + "\",\"--stage\",\"%s\",\"--lake\",\"" + LAKE + "\",\"--run-id\","
        + "\"dbx-{{job.run_id}}\"]},\"libraries\":[{\"jar\":\"" + jarPath + "\"}]";
    JsonNode settings = JSON.readTree("{\"name\":\"world-lake\",\"max_concurrent_runs\":1,\"job_clusters\":["
        + "{\"job_cluster_key\":\"beamlake\",\"new_cluster\":" + cluster + "}],\"tasks\":["
        + "{\"task_key\":\"capture\"," + task.formatted("capture") + "},"
        + "{\"task_key\":\"etl\",\"depends_on\":[{\"task_key\":\"capture\"}]," + task.formatted("etl") + "}],"
        + "\"schedule\":{\"quartz_cron_expression\":\"0 0 3 * * ?\",\"timezone_id\":\"Europe/Paris\","
        + "\"pause_status\":\"UNPAUSED\"}}");
    assertEquals(List.of(settings), workspace.bodies("POST", "/api/2.1/jobs/create"));

    CliTest.Result updated = cli(deploy);
    assertEquals(0, updated.code(), updated.err());
    assertEquals("updated job 501 'world-lake' (schedule '0 0 3 * * ?' Europe/Paris)",
        updated.out().lines().reduce((a, b) -> b).orElseThrow());
    JsonNode reset = JSON.createObjectNode().put("job_id", 501).set("new_settings", settings);
    assertEquals(List.of(reset), workspace.bodies("POST", "/api/2.1/jobs/reset"));
    assertEquals(List.of("GET /api/2.1/jobs/list?name=world-lake", "POST /api/2.1/jobs/create",
        "GET /api/2.1/jobs/list?name=world-lake", "POST /api/2.1/jobs/reset"), workspace.requests().stream()
        .map(DatabricksStandIn.Request::line).filter(l -> l.contains("/jobs/")).toList());
  }

  @Test
  void aTokenWrittenOutOrABadScheduleIsRefusedBeforeAnyRequest() {
    CliTest.Result token = cli("databricks", "status", "1", "--host", workspace.url(), "--token", "dapi123");
    assertEquals(List.of("error: --token must be a reference such as '${env:DATABRICKS_TOKEN}', never the token "
        + "itself"), token.err().lines().toList());
    CliTest.Result cron = cli("databricks", "deploy", PROJECT, "--lake", LAKE, "--host", workspace.url(), "--volume",
        "/Volumes/main/beamlake/jars", "--node-type", "n", "--job-name", "j", "--schedule", "0 3 * * *");
    assertEquals(List.of("error: --schedule: expected a Quartz cron expression with seconds first, e.g. '0 0 3 * * ?', "
        + "got '0 3 * * *'"), cron.err().lines().toList());
    assertEquals(List.of(), workspace.requests());
  }

  private static String token(String runId) throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest((PROJECT + "\n" + LAKE + "\n" + runId).getBytes());
    return "beamlake-" + runId + "-" + HexFormat.of().formatHex(hash, 0, 8);
  }
}
