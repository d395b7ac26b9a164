package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.beamlake.aws.emr.EmrCommand;
import org.beamlake.aws.emr.Ticker;
import org.beamlake.testdata.EmrStandIn;
import org.beamlake.testdata.S3StandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code beamlake emr …} with the real AWS SDK clients against a local server speaking EMR's JSON 1.1
 * protocol and an embedded S3 API: the exact requests (instance groups, spot, EBS, Spark's Java 17
 * flags, tags, auto-termination, steps and their arguments), the states a cluster and its steps go
 * through as printed, a failed step's reason and stderr tail, throttling retried by the SDK, re-runs
 * that start and add nothing twice, and the IAM documents.
 */
class EmrCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static S3StandIn s3;
  static S3Client client;
  @TempDir Path tmp;
  EmrStandIn emr;
  Path config;
  Path project;
  Path jar;

  /** Time that moves only when slept in. */
  static final class FakeTime implements Ticker {
    Instant now = Instant.EPOCH;
    final List<Duration> sleeps = new ArrayList<>();

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public void sleep(Duration pause) {
      sleeps.add(pause);
      now = now.plus(pause);
    }
  }

  FakeTime time;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3StandIn.start();
    System.setProperty("aws.accessKeyId", s3.accessKey());
    System.setProperty("aws.secretAccessKey", s3.secretKey());
    client = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(s3.endpoint()))
        .forcePathStyle(true).build();
    client.createBucket(b -> b.bucket("staging-bucket"));
    client.createBucket(b -> b.bucket("log-bucket"));
  }

  @AfterAll
  static void stopS3() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    client.close();
    s3.close();
  }

  @BeforeEach
  void start() throws Exception {
    emr = EmrStandIn.start();
    for (String bucket : List.of("staging-bucket", "log-bucket")) {
      keys(bucket).forEach(key -> client.deleteObject(d -> d.bucket(bucket).key(key)));
    }
    time = new FakeTime();
    EmrCommand.useTicker(time);
    config = tmp.resolve("emr.yaml");
    Files.writeString(config, String.join("\n",
        "region: us-east-1",
        "name: beamlake-world",
        "releaseLabel: emr-7.12.0",
        "staging: s3://staging-bucket/beamlake",
        "logUri: s3://log-bucket/emr/",
        "serviceRole: beamlake-emr-service",
        "instanceProfile: beamlake-emr-ec2",
        "subnet: subnet-0abc",
        "masterSecurityGroup: sg-0master",
        "workerSecurityGroup: sg-0worker",
        "instanceGroups:",
        "  - {role: MASTER, instanceType: m5.xlarge, count: 1}",
        "  - {role: CORE, instanceType: m5.2xlarge, count: 2, market: SPOT, bidPrice: '0.20', ebs: {sizeGb: 64}}",
        "bootstrapActions:",
        "  - {name: python-libs, path: s3://staging-bucket/bootstrap/install.sh, args: [--quiet]}",
        "sparkConfig:",
        "  spark.executor.memory: 6g",
        "tags:",
        "  team: data",
        "idleTimeoutMinutes: 45",
        "actionOnFailure: CANCEL_AND_WAIT", ""));
    project = tmp.resolve("world");
    Files.createDirectories(project.resolve("sql"));
    Files.writeString(project.resolve("beamlake.yaml"), "name: world\n");
    Files.writeString(project.resolve("sql/stats.sql"), "SELECT 1\n");
    jar = tmp.resolve("beamlake.jar");
    Files.writeString(jar, "not really a jar, but bytes with a hash");
  }

  @AfterEach
  void stop() {
    EmrCommand.useTicker(Ticker.SYSTEM);
    emr.close();
  }

  private static final String FLAGS = "-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false "
      + "--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED "
      + "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED "
      + "--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED "
      + "--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED "
      + "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED "
      + "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED "
      + "--add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED "
      + "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
  private static final String LAKE = "s3://lake-bucket/lakes/world";

  private String[] args(String... more) {
    List<String> all = new ArrayList<>(List.of("emr", more[0], "--emr-endpoint", emr.url(), "--s3-endpoint",
        s3.endpoint()));
    if (!more[0].equals("up") && !more[0].equals("submit")) {
      all.addAll(List.of("--region", "us-east-1")); // commands without --config take the region from the chain
    }
    all.addAll(List.of(more).subList(1, more.length));
    return all.toArray(String[]::new);
  }

  private static List<String> checkTarget(String release) {
    return cli("check-target", "--emr-release", release).out().lines().toList();
  }

  private String jarUri() throws Exception {
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    return "s3://staging-bucket/beamlake/jars/beamlake-" + sha.substring(0, 16) + ".jar";
  }

  private String stepJson(String runId, String stage, String... beamArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of("spark-submit", "--deploy-mode", "cluster", "--conf",
        "spark.driver.extraJavaOptions=" + FLAGS, "--conf", "spark.executor.extraJavaOptions=" + FLAGS, "--class",
        "org.beamlake.cli.Main", jarUri(), "run", "s3://staging-bucket/beamlake/projects/world/" + runId + "/",
        "--stage", stage, "--lake", LAKE, "--run-id", runId));
    if (beamArgs.length > 0) {
      args.add("--");
      args.addAll(List.of(beamArgs));
    }
    return "{\"Name\":\"beamlake " + runId + " " + stage + "\",\"ActionOnFailure\":\"CANCEL_AND_WAIT\","
        + "\"HadoopJarStep\":{\"Jar\":\"command-runner.jar\",\"Args\":" + JSON.writeValueAsString(args) + "}}";
  }

  private static String clusterJson(String runId, String steps, boolean keepAlive) {
    return "{\"Name\":\"beamlake-world " + runId + "\",\"LogUri\":\"s3://log-bucket/emr/\","
        + "\"ReleaseLabel\":\"emr-7.12.0\",\"Instances\":{\"InstanceGroups\":["
        + "{\"Name\":\"master\",\"Market\":\"ON_DEMAND\",\"InstanceRole\":\"MASTER\",\"InstanceType\":\"m5.xlarge\","
        + "\"InstanceCount\":1},"
        + "{\"Name\":\"core\",\"Market\":\"SPOT\",\"InstanceRole\":\"CORE\",\"BidPrice\":\"0.20\","
        + "\"InstanceType\":\"m5.2xlarge\",\"InstanceCount\":2,\"EbsConfiguration\":{\"EbsBlockDeviceConfigs\":["
        + "{\"VolumeSpecification\":{\"VolumeType\":\"gp3\",\"SizeInGB\":64},\"VolumesPerInstance\":1}],"
        + "\"EbsOptimized\":true}}],"
        + "\"KeepJobFlowAliveWhenNoSteps\":" + keepAlive + ",\"TerminationProtected\":false,"
        + "\"Ec2SubnetId\":\"subnet-0abc\",\"EmrManagedMasterSecurityGroup\":\"sg-0master\","
        + "\"EmrManagedSlaveSecurityGroup\":\"sg-0worker\"},"
        + "\"Steps\":" + steps + ","
        + "\"BootstrapActions\":[{\"Name\":\"python-libs\",\"ScriptBootstrapAction\":{"
        + "\"Path\":\"s3://staging-bucket/bootstrap/install.sh\",\"Args\":[\"--quiet\"]}}],"
        + "\"Applications\":[{\"Name\":\"Spark\"}],"
        + "\"Configurations\":[{\"Classification\":\"spark-defaults\",\"Properties\":{"
        + "\"spark.executor.memory\":\"6g\",\"spark.driver.extraJavaOptions\":\"" + FLAGS + "\","
        + "\"spark.executor.extraJavaOptions\":\"" + FLAGS + "\"}}],"
        + "\"VisibleToAllUsers\":true,\"JobFlowRole\":\"beamlake-emr-ec2\",\"ServiceRole\":\"beamlake-emr-service\","
        + "\"Tags\":[{\"Key\":\"team\",\"Value\":\"data\"},{\"Key\":\"beamlake:run-id\",\"Value\":\"" + runId + "\"},"
        + "{\"Key\":\"for-use-with-amazon-emr-managed-policies\",\"Value\":\"true\"}],"
        + "\"AutoTerminationPolicy\":{\"IdleTimeout\":2700}}";
  }

  private List<String> keys(String bucket) {
    return client.listObjectsV2Paginator(l -> l.bucket(bucket)).contents().stream().map(o -> o.key()).toList();
  }

  @Test
  void upStartsOneTaggedClusterFromTheConfigAndARerunFindsIt() throws Exception {
    emr.throttle("RunJobFlow", 1);
    emr.hold(2);
    CliTest.Result r = cli(args("up", "--config", config.toString(), "--run-id", "c1", "--wait", "--poll-seconds",
        "10"));
    assertEquals(0, r.code(), r.err());
    List<String> expected = new ArrayList<>(checkTarget("emr-7.12.0"));
    expected.addAll(List.of(
        "cluster j-STANDIN00001 (beamlake-world c1, started: emr-7.12.0; terminates itself after 45 minutes idle)",
        "      0s  cluster j-STANDIN00001 STARTING",
        "     30s  cluster j-STANDIN00001 BOOTSTRAPPING",
        "     40s  cluster j-STANDIN00001 WAITING",
        "submit to it with: beamlake emr submit PROJECT --config " + config + " --cluster j-STANDIN00001 --lake s3://…",
        "stop it with:      beamlake emr down j-STANDIN00001"));
    assertEquals(expected, r.out().lines().toList());
    // The pause doubles while nothing changes and starts again after a change.
    assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(10)), time.sleeps);
    // The throttled RunJobFlow was retried by the SDK with the same body.
    assertEquals(List.of("ListClusters", "RunJobFlow", "RunJobFlow", "DescribeCluster", "DescribeCluster",
        "DescribeCluster", "DescribeCluster"), emr.operations());
    JsonNode cluster = JSON.readTree(clusterJson("c1", "[]", true));
    assertEquals(List.of(cluster, cluster), emr.bodies("RunJobFlow"));
    assertEquals(List.of("{\"ClusterStates\":[\"STARTING\",\"BOOTSTRAPPING\",\"RUNNING\",\"WAITING\"]}"),
        emr.requests().stream().filter(q -> q.operation().equals("ListClusters")).map(EmrStandIn.Request::body)
            .toList());
    assertEquals(List.of(true), emr.requests().stream().map(EmrStandIn.Request::signed).distinct().toList());

    CliTest.Result again = cli(args("up", "--config", config.toString(), "--run-id", "c1"));
    assertEquals(0, again.code(), again.err());
    assertEquals("cluster j-STANDIN00001 (beamlake-world c1, already started for run c1: WAITING)",
        again.out().lines().filter(l -> l.startsWith("cluster ")).findFirst().orElseThrow());
    assertEquals(List.of("ListClusters", "DescribeCluster"), emr.operations().subList(7, emr.operations().size()));
  }

  @Test
  void submitStagesTheJarAndTheProjectAddsOneStepPerStageAndFollowsThem() throws Exception {
    String id = emr.cluster("shared", "emr-7.12.0", "s3://log-bucket/emr/", "WAITING");
    CliTest.Result r = cli(args("submit", project.toString(), "--config", config.toString(), "--cluster", id,
        "--lake", LAKE, "--jar", jar.toString(), "--run-id", "r1", "--wait", "--poll-seconds", "10", "--",
        "--awsRegion=us-east-1"));
    assertEquals(0, r.code(), r.err());
    List<String> expected = new ArrayList<>(checkTarget("emr-7.12.0"));
    expected.addAll(List.of(
        "jar       " + jarUri() + " (uploaded, 0 MB)",
        "project   s3://staging-bucket/beamlake/projects/world/r1/ (2 files)",
        "step      capture    s-STANDIN00001 (added)",
        "step      etl        s-STANDIN00002 (added)",
        "step      analytics  s-STANDIN00003 (added)",
        "run r1 on cluster j-STANDIN00001: capture -> etl -> analytics",
        "      0s  cluster j-STANDIN00001 RUNNING",
        "      0s  capture            PENDING",
        "      0s  etl                PENDING",
        "      0s  analytics          PENDING",
        "     10s  capture            RUNNING",
        "     20s  capture            COMPLETED",
        "     30s  etl                RUNNING",
        "     40s  etl                COMPLETED",
        "     50s  analytics          RUNNING",
        "   1m00s  analytics          COMPLETED",
        "completed: 3 of 3 steps completed on cluster j-STANDIN00001 (RUNNING)"));
    assertEquals(expected, r.out().lines().toList());
    String steps = "[" + stepJson("r1", "capture", "--awsRegion=us-east-1") + ","
        + stepJson("r1", "etl", "--awsRegion=us-east-1") + "," + stepJson("r1", "analytics", "--awsRegion=us-east-1")
        + "]";
    assertEquals(List.of(JSON.readTree("{\"JobFlowId\":\"" + id + "\",\"Steps\":" + steps + "}")),
        emr.bodies("AddJobFlowSteps"));
    String jarKey = jarUri().substring("s3://staging-bucket/".length());
    assertEquals(List.of("beamlake/jars/" + jarKey.substring("beamlake/jars/".length()),
        "beamlake/projects/world/r1/beamlake.yaml", "beamlake/projects/world/r1/sql/stats.sql"), keys("staging-bucket"));
    assertEquals("not really a jar, but bytes with a hash",
        client.getObjectAsBytes(g -> g.bucket("staging-bucket").key(jarKey)).asUtf8String());
    assertEquals("AES256", client.headObject(h -> h.bucket("staging-bucket").key(jarKey)).serverSideEncryptionAsString());

    // Re-run after a crash: the jar is there, the steps are found by name, nothing is added twice.
    int before = emr.operations().size();
    CliTest.Result again = cli(args("submit", project.toString(), "--config", config.toString(), "--cluster", id,
        "--lake", LAKE, "--jar", jar.toString(), "--run-id", "r1", "--", "--awsRegion=us-east-1"));
    assertEquals(0, again.code(), again.err());
    List<String> rerun = new ArrayList<>(checkTarget("emr-7.12.0"));
    rerun.addAll(List.of(
        "jar       " + jarUri() + " (already there)",
        "project   s3://staging-bucket/beamlake/projects/world/r1/ (2 files)",
        "step      capture    s-STANDIN00001 (already added)",
        "step      etl        s-STANDIN00002 (already added)",
        "step      analytics  s-STANDIN00003 (already added)",
        "run r1 on cluster j-STANDIN00001: capture -> etl -> analytics",
        "follow it with: beamlake emr status j-STANDIN00001 --wait"));
    assertEquals(rerun, again.out().lines().toList());
    assertEquals(List.of("DescribeCluster", "ListSteps"), emr.operations().subList(before, emr.operations().size()));
  }

  @Test
  void aFailedStepIsReportedWithItsReasonAndTheTailOfItsStderr() throws Exception {
    String id = emr.cluster("shared", "emr-7.12.0", "s3://log-bucket/emr/", "WAITING");
    emr.failStep("etl", "Exception in thread \"main\" java.lang.IllegalStateException: no rows", "Step failed");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      for (int i = 1; i <= 25; i++) {
        out.write(("stderr line " + i + "\n").getBytes());
      }
    }
    client.putObject(p -> p.bucket("log-bucket").key("emr/" + id + "/steps/" + emr.nextStepId(2) + "/stderr.gz"),
        RequestBody.fromBytes(gz.toByteArray()));
    CliTest.Result r = cli(args("submit", project.toString(), "--config", config.toString(), "--cluster", id,
        "--lake", LAKE, "--jar", jar.toString(), "--run-id", "r2", "--wait", "--poll-seconds", "10"));
    assertEquals(1, r.code(), r.err());
    List<String> failure = new ArrayList<>(List.of(
        "step etl (s-STANDIN00002) FAILED: Exception in thread \"main\" java.lang.IllegalStateException: no rows "
            + "(Step failed)",
        "  last 20 lines of s3://log-bucket/emr/" + id + "/steps/s-STANDIN00002/stderr.gz:"));
    for (int i = 6; i <= 25; i++) {
      failure.add("  | stderr line " + i);
    }
    List<String> out = r.out().lines().toList();
    List<String> expected = new ArrayList<>(List.of(
        "run r2 on cluster j-STANDIN00001: capture -> etl -> analytics",
        "      0s  cluster j-STANDIN00001 RUNNING",
        "      0s  capture            PENDING",
        "      0s  etl                PENDING",
        "      0s  analytics          PENDING",
        "     10s  capture            RUNNING",
        "     20s  capture            COMPLETED",
        "     30s  etl                RUNNING",
        "     40s  etl                FAILED",
        "     40s  analytics          CANCELLED"));
    expected.addAll(failure);
    expected.add("failed: 1 of 3 steps completed on cluster j-STANDIN00001 (RUNNING)");
    assertEquals(expected, out.subList(out.indexOf("run r2 on cluster j-STANDIN00001: capture -> etl -> analytics"),
        out.size()));

    CliTest.Result logs = cli(args("logs", id));
    assertEquals(0, logs.code(), logs.err());
    assertEquals(failure, logs.out().lines().toList());

    CliTest.Result status = cli(args("status", id));
    assertEquals(1, status.code(), status.err());
    assertEquals(List.of("cluster j-STANDIN00001 (shared): WAITING",
        "  capture    COMPLETED  s-STANDIN00001", "  etl        FAILED     s-STANDIN00002",
        "  analytics  CANCELLED  s-STANDIN00003"), status.out().lines().toList());

    // Submitted again, the run resumes at the failed stage: the completed one is not repeated.
    emr.fixStep("etl");
    CliTest.Result resumed = cli(args("submit", project.toString(), "--config", config.toString(), "--cluster", id,
        "--lake", LAKE, "--jar", jar.toString(), "--run-id", "r2"));
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(List.of("step      capture    s-STANDIN00001 (already added)",
        "step      etl        s-STANDIN00004 (added again, was FAILED)",
        "step      analytics  s-STANDIN00005 (added again, was CANCELLED)"),
        resumed.out().lines().filter(l -> l.startsWith("step ")).toList());
    assertEquals(List.of(JSON.readTree("{\"JobFlowId\":\"" + id + "\",\"Steps\":[" + stepJson("r2", "etl") + ","
        + stepJson("r2", "analytics") + "]}")), emr.bodies("AddJobFlowSteps").subList(1, 2));
  }

  @Test
  void aTransientClusterRunsTheStepsAndIsNotStartedTwice() throws Exception {
    CliTest.Result r = cli(args("submit", project.toString(), "--config", config.toString(), "--transient",
        "--lake", LAKE, "--jar", jar.toString(), "--run-id", "r3", "--wait", "--poll-seconds", "10"));
    assertEquals(0, r.code(), r.err());
    List<String> out = r.out().lines().toList();
    assertEquals(List.of(
        "cluster j-STANDIN00001 (beamlake-world r3, started: emr-7.12.0; terminates itself after the last step)",
        "run r3 on cluster j-STANDIN00001: capture -> etl -> analytics",
        "      0s  cluster j-STANDIN00001 STARTING",
        "      0s  capture            PENDING",
        "      0s  etl                PENDING",
        "      0s  analytics          PENDING",
        "     10s  cluster j-STANDIN00001 BOOTSTRAPPING",
        "     20s  cluster j-STANDIN00001 RUNNING",
        "     30s  capture            RUNNING",
        "     40s  capture            COMPLETED",
        "     50s  etl                RUNNING",
        "   1m00s  etl                COMPLETED",
        "   1m10s  analytics          RUNNING",
        "   1m20s  analytics          COMPLETED",
        "   1m30s  cluster j-STANDIN00001 TERMINATING (Steps completed)",
        "   1m40s  cluster j-STANDIN00001 TERMINATED (Steps completed)",
        "completed: 3 of 3 steps completed on cluster j-STANDIN00001 (TERMINATED)"),
        out.subList(out.indexOf("project   s3://staging-bucket/beamlake/projects/world/r3/ (2 files)") + 1,
            out.size()));
    String steps = "[" + stepJson("r3", "capture") + "," + stepJson("r3", "etl") + "," + stepJson("r3", "analytics")
        + "]";
    assertEquals(List.of(JSON.readTree(clusterJson("r3", steps, false))), emr.bodies("RunJobFlow"));

    CliTest.Result again = cli(args("submit", project.toString(), "--config", config.toString(), "--transient",
        "--lake", LAKE, "--jar", jar.toString(), "--run-id", "r3"));
    assertEquals(0, again.code(), again.err());
    assertEquals(List.of("run r3 already started cluster j-STANDIN00001 (TERMINATED): not started again",
        "run r3 on cluster j-STANDIN00001: capture -> etl -> analytics",
        "follow it with: beamlake emr status j-STANDIN00001 --wait"),
        again.out().lines().filter(l -> !checkTarget("emr-7.12.0").contains(l)).toList());
    assertEquals(1, emr.bodies("RunJobFlow").size());
  }

  @Test
  void theProjectFilesEmrSectionStartsTheSameClusterAndItsMistakesHaveTheProjectsLines() throws Exception {
    String section = Files.readString(config).lines().map(l -> "  " + l).collect(java.util.stream.Collectors.joining("\n"));
    Path withSection = tmp.resolve("with-section");
    Files.createDirectories(withSection);
    Path file = withSection.resolve("beamlake.yaml");
    Files.writeString(file, "name: world\nemr:\n" + section + "\n");
    CliTest.Result r = cli(args("up", "--config", withSection.toString(), "--run-id", "c1"));
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(JSON.readTree(clusterJson("c1", "[]", true))), emr.bodies("RunJobFlow"));
    CliTest.Result validated = cli("validate", withSection.toString()); // this project has no datasets, but emr: is fine
    assertTrue(!validated.err().contains("emr"), validated.err());

    Files.writeString(file, Files.readString(file).replace("market: SPOT", "market: SPOTS"));
    r = cli(args("up", "--config", withSection.toString(), "--run-id", "c2"));
    assertEquals(List.of("error: " + file + ":15: emr.instanceGroups[1].market: Cannot deserialize value of type "
        + "`org.beamlake.aws.emr.EmrConfig$Market` from String \"SPOTS\": not one of the values accepted for Enum "
        + "class: [SPOT, ON_DEMAND]"), r.errLines());
    Files.writeString(file, Files.readString(file).replace("market: SPOTS", "market: SPOT")
        .replace("  serviceRole: beamlake-emr-service\n", ""));
    r = cli(args("up", "--config", file.toString(), "--run-id", "c2"));
    assertEquals(List.of("error: " + file + ": emr.serviceRole: missing; expected the EMR service role's name"),
        r.errLines());
    Files.writeString(file, "name: world\n");
    r = cli(args("up", "--config", file.toString(), "--run-id", "c2"));
    assertEquals(List.of("error: " + file + ": no emr: section; add one with the cluster's config (see README, Run on "
        + "EMR), or give --config emr.yaml"), r.errLines());
    assertEquals(List.of("ListClusters", "RunJobFlow"), emr.operations());
  }

  @Test
  void aReleaseThisBuildCannotRunOnIsRefusedBeforeAnythingStarts() throws Exception {
    Files.writeString(config, Files.readString(config).replace("emr-7.12.0", "emr-6.15.0"));
    CliTest.Result r = cli(args("up", "--config", config.toString(), "--run-id", "c9"));
    assertEquals(1, r.code());
    assertEquals("error: EMR release emr-6.15.0 cannot run this build (see above); nothing was started or submitted",
        r.errLines().get(r.errLines().size() - 1));
    assertEquals(List.of(), emr.operations());
  }

  @Test
  void configMistakesNameTheFileTheLineAndTheKey() throws Exception {
    Files.writeString(config, Files.readString(config).replace("market: SPOT", "market: SPOTS"));
    CliTest.Result r = cli(args("up", "--config", config.toString()));
    assertEquals(1, r.code());
    assertEquals(List.of("error: " + config + ":13: instanceGroups[1].market: Cannot deserialize value of type "
        + "`org.beamlake.aws.emr.EmrConfig$Market` from String \"SPOTS\": not one of the values accepted for Enum "
        + "class: [SPOT, ON_DEMAND]"), r.errLines());

    Files.writeString(config, Files.readString(config).replace("market: SPOTS", "market: SPOT, size: 3"));
    r = cli(args("up", "--config", config.toString()));
    assertEquals(List.of("error: " + config + ":13: instanceGroups[1].size: unknown key; expected one of bidPrice, "
        + "count, ebs, instanceType, market, role"), r.errLines());

    Files.writeString(config, Files.readString(config).replace("market: SPOT, size: 3", "market: SPOT")
        .replace("idleTimeoutMinutes", "idleTimeout").replace("serviceRole: beamlake-emr-service\n", ""));
    r = cli(args("up", "--config", config.toString()));
    assertEquals(List.of("error: " + config + ":19: idleTimeout: unknown key; expected one of actionOnFailure, "
        + "bootstrapActions, clusterId, idleTimeoutMinutes, instanceFleets, instanceGroups, instanceProfile, kmsKey, "
        + "logUri, "
        + "masterSecurityGroup, name, region, releaseLabel, serviceRole, sparkConfig, staging, subnet, tags, "
        + "workerSecurityGroup"), r.errLines());

    Files.writeString(config, Files.readString(config).replace("idleTimeout:", "idleTimeoutMinutes:"));
    r = cli(args("up", "--config", config.toString()));
    assertEquals(List.of("error: " + config + ": serviceRole: missing; expected the EMR service role's name"),
        r.errLines());
    assertEquals(List.of(), emr.operations());
  }

  @Test
  void downTerminatesTheClusterAndIsSafeToRepeat() {
    String id = emr.cluster("shared", "emr-7.12.0", "s3://log-bucket/emr/", "WAITING");
    CliTest.Result r = cli(args("down", id));
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("cluster j-STANDIN00001 terminating (was WAITING)"), r.out().lines().toList());
    r = cli(args("down", id));
    assertEquals(List.of("cluster j-STANDIN00001 is already TERMINATED"), r.out().lines().toList());
    assertEquals(List.of("DescribeCluster", "TerminateJobFlows", "DescribeCluster"), emr.operations());
    r = cli(args("down", "j-NOSUCH"));
    assertEquals(1, r.code());
    assertEquals(List.of("error: EMR InvalidRequestException: Cluster id 'j-NOSUCH' is not valid."), r.errLines());
    if (System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null
        && !Files.exists(Path.of(System.getProperty("user.home"), ".aws", "config"))) { // else the chain finds one
      r = cli("emr", "down", id, "--emr-endpoint", emr.url());
      assertEquals(List.of("error: no AWS region: pass --region, set region in the config, or set AWS_REGION (or "
          + "the profile's region)"), r.errLines());
    }
    r = cli(args("status", id, "--wait", "--poll-seconds", "0"));
    assertEquals(List.of("error: --poll-seconds: expected at least 1, got 0.0"), r.errLines());
  }

  @Test
  void iamDocumentsGrantTheLakeTheStagingAndTheLogsAndNothingMore() throws Exception {
    Files.writeString(config, Files.readString(config) + "kmsKey: 1234abcd-12ab-34cd-56ef-1234567890ab\n");
    Path dir = tmp.resolve("iam");
    CliTest.Result r = cli("emr", "iam", "--config", config.toString(), "--lake", LAKE, "--account", "123456789012",
        "--out", dir.toString());
    assertEquals(0, r.code(), r.err());
    String d = dir + "/";
    assertEquals(List.of("wrote " + d + "service-role-trust.json", "wrote " + d + "service-role-policy.json",
        "wrote " + d + "instance-profile-trust.json", "wrote " + d + "instance-profile-policy.json",
        "wrote " + d + "user-policy.json", "create the roles with:",
        "  aws iam create-role --role-name beamlake-emr-service --assume-role-policy-document file://" + d
            + "service-role-trust.json",
        "  aws iam attach-role-policy --role-name beamlake-emr-service --policy-arn "
            + "arn:aws:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2",
        "  aws iam put-role-policy --role-name beamlake-emr-service --policy-name beamlake-pass-role "
            + "--policy-document file://" + d + "service-role-policy.json",
        "  aws iam create-role --role-name beamlake-emr-ec2 --assume-role-policy-document file://" + d
            + "instance-profile-trust.json",
        "  aws iam put-role-policy --role-name beamlake-emr-ec2 --policy-name beamlake-lake --policy-document file://"
            + d + "instance-profile-policy.json",
        "  aws iam create-instance-profile --instance-profile-name beamlake-emr-ec2",
        "  aws iam add-role-to-instance-profile --instance-profile-name beamlake-emr-ec2 --role-name beamlake-emr-ec2",
        "and give the user (or group) running beamlake " + d + "user-policy.json, e.g.:",
        "  aws iam put-user-policy --user-name USER --policy-name beamlake-emr --policy-document file://" + d
            + "user-policy.json"), r.out().lines().toList());

    String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
        + "\"Principal\":{\"Service\":\"%s\"},\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"123456789012\"}}}]}";
    assertEquals(JSON.readTree(trust.formatted("elasticmapreduce.amazonaws.com")),
        JSON.readTree(dir.resolve("service-role-trust.json").toFile()));
    assertEquals(JSON.readTree(trust.formatted("ec2.amazonaws.com")),
        JSON.readTree(dir.resolve("instance-profile-trust.json").toFile()));
    assertEquals(JSON.readTree("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PassInstanceProfileRole\","
        + "\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":[\"arn:aws:iam::123456789012:role/beamlake-emr-ec2\"],"
        + "\"Condition\":{\"StringLike\":{\"iam:PassedToService\":\"ec2.amazonaws.com*\"}}}]}"),
        JSON.readTree(dir.resolve("service-role-policy.json").toFile()));
    String key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    String useKey = "{\"Sid\":\"UseLakeKey\",\"Effect\":\"Allow\",\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey\"],"
        + "\"Resource\":[\"" + key + "\"]}";
    assertEquals(JSON.readTree("{\"Version\":\"2012-10-17\",\"Statement\":["
        + list("ListLake", "lake-bucket", "lakes/world/") + ","
        + "{\"Sid\":\"ReadLake\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],"
        + "\"Resource\":[\"arn:aws:s3:::lake-bucket/lakes/world/*\"]},"
        + "{\"Sid\":\"WriteZones\",\"Effect\":\"Allow\",\"Action\":[\"s3:PutObject\",\"s3:DeleteObject\","
        + "\"s3:AbortMultipartUpload\"],\"Resource\":[\"arn:aws:s3:::lake-bucket/lakes/world/raw/*\","
        + "\"arn:aws:s3:::lake-bucket/lakes/world/trusted/*\",\"arn:aws:s3:::lake-bucket/lakes/world/quarantine/*\","
        + "\"arn:aws:s3:::lake-bucket/lakes/world/refined/*\",\"arn:aws:s3:::lake-bucket/lakes/world/_runs/*\","
        + "\"arn:aws:s3:::lake-bucket/lakes/world/_state/*\"]},"
        + list("ListStaging", "staging-bucket", "beamlake/") + ","
        + "{\"Sid\":\"ReadStaging\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],"
        + "\"Resource\":[\"arn:aws:s3:::staging-bucket/beamlake/*\"]},"
        + "{\"Sid\":\"WriteLogs\",\"Effect\":\"Allow\",\"Action\":[\"s3:PutObject\"],"
        + "\"Resource\":[\"arn:aws:s3:::log-bucket/emr/*\"]}," + useKey + "]}"),
        JSON.readTree(dir.resolve("instance-profile-policy.json").toFile()));
    String clusters = "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/*";
    assertEquals(JSON.readTree("{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Sid\":\"StartTaggedClusters\",\"Effect\":\"Allow\",\"Action\":[\"elasticmapreduce:RunJobFlow\"],"
        + "\"Resource\":[\"*\"],\"Condition\":{\"StringEquals\":{"
        + "\"aws:RequestTag/for-use-with-amazon-emr-managed-policies\":\"true\"},"
        + "\"Null\":{\"aws:RequestTag/beamlake:run-id\":\"false\"}}},"
        + "{\"Sid\":\"TagNewClusters\",\"Effect\":\"Allow\",\"Action\":[\"elasticmapreduce:AddTags\"],"
        + "\"Resource\":[\"" + clusters + "\"],\"Condition\":{\"Null\":{\"aws:RequestTag/beamlake:run-id\":\"false\"}}},"
        + "{\"Sid\":\"UseBeamlakeClusters\",\"Effect\":\"Allow\",\"Action\":[\"elasticmapreduce:DescribeCluster\","
        + "\"elasticmapreduce:ListSteps\",\"elasticmapreduce:AddJobFlowSteps\","
        + "\"elasticmapreduce:TerminateJobFlows\"],\"Resource\":[\"" + clusters + "\"],"
        + "\"Condition\":{\"Null\":{\"aws:ResourceTag/beamlake:run-id\":\"false\"}}},"
        + "{\"Sid\":\"FindClusters\",\"Effect\":\"Allow\",\"Action\":[\"elasticmapreduce:ListClusters\"],"
        + "\"Resource\":[\"*\"]},"
        + "{\"Sid\":\"PassEmrRoles\",\"Effect\":\"Allow\",\"Action\":[\"iam:PassRole\"],"
        + "\"Resource\":[\"arn:aws:iam::123456789012:role/beamlake-emr-service\","
        + "\"arn:aws:iam::123456789012:role/beamlake-emr-ec2\"],"
        + "\"Condition\":{\"StringEquals\":{\"iam:PassedToService\":\"elasticmapreduce.amazonaws.com\"}}},"
        + list("ListStaging", "staging-bucket", "beamlake/") + ","
        + "{\"Sid\":\"WriteStaging\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],"
        + "\"Resource\":[\"arn:aws:s3:::staging-bucket/beamlake/*\"]},"
        + list("ListStepLogs", "log-bucket", "emr/") + ","
        + "{\"Sid\":\"ReadStepLogs\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],"
        + "\"Resource\":[\"arn:aws:s3:::log-bucket/emr/*\"]}," + useKey + "]}"),
        JSON.readTree(dir.resolve("user-policy.json").toFile()));

    CliTest.Result bad = cli("emr", "iam", "--config", config.toString(), "--lake", LAKE, "--account", "12345",
        "--out", dir.toString());
    assertEquals(List.of("error: --account: expected a 12-digit AWS account id, got '12345'"), bad.errLines());
  }

  private static String list(String sid, String bucket, String prefix) {
    return "{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\",\"Action\":[\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::"
        + bucket + "\"],\"Condition\":{\"StringLike\":{\"s3:prefix\":[\"" + prefix + "\",\"" + prefix + "*\"]}}}";
  }

  @Test
  void instanceFleetsMixSpotAndOnDemandAcrossInstanceTypes() throws Exception {
    String groups = "instanceGroups:\n"
        + "  - {role: MASTER, instanceType: m5.xlarge, count: 1}\n"
        + "  - {role: CORE, instanceType: m5.2xlarge, count: 2, market: SPOT, bidPrice: '0.20', ebs: {sizeGb: 64}}\n";
    Files.writeString(config, Files.readString(config).replace(groups, "instanceFleets:\n"
        + "  - {role: MASTER, onDemandCapacity: 1, instanceTypes: [{instanceType: m5.xlarge}]}\n"
        + "  - role: CORE\n"
        + "    onDemandCapacity: 2\n"
        + "    spotCapacity: 6\n"
        + "    spotTimeoutMinutes: 10\n"
        + "    instanceTypes:\n"
        + "      - {instanceType: m5.2xlarge, weight: 2, maxSpotPricePercent: 80, ebs: {sizeGb: 64}}\n"
        + "      - {instanceType: m5.4xlarge, weight: 4}\n"));
    CliTest.Result r = cli(args("up", "--config", config.toString(), "--run-id", "c2"));
    assertEquals(0, r.code(), r.err());
    JsonNode instances = emr.bodies("RunJobFlow").get(0).path("Instances");
    assertEquals(JSON.readTree("{\"InstanceFleets\":["
        + "{\"Name\":\"master\",\"InstanceFleetType\":\"MASTER\",\"TargetOnDemandCapacity\":1,"
        + "\"TargetSpotCapacity\":0,\"InstanceTypeConfigs\":[{\"InstanceType\":\"m5.xlarge\",\"WeightedCapacity\":1}]},"
        + "{\"Name\":\"core\",\"InstanceFleetType\":\"CORE\",\"TargetOnDemandCapacity\":2,\"TargetSpotCapacity\":6,"
        + "\"InstanceTypeConfigs\":[{\"InstanceType\":\"m5.2xlarge\",\"WeightedCapacity\":2,"
        + "\"BidPriceAsPercentageOfOnDemandPrice\":80.0,\"EbsConfiguration\":{\"EbsBlockDeviceConfigs\":["
        + "{\"VolumeSpecification\":{\"VolumeType\":\"gp3\",\"SizeInGB\":64},\"VolumesPerInstance\":1}],"
        + "\"EbsOptimized\":true}},{\"InstanceType\":\"m5.4xlarge\",\"WeightedCapacity\":4}],"
        + "\"LaunchSpecifications\":{\"SpotSpecification\":{\"TimeoutDurationMinutes\":10,"
        + "\"TimeoutAction\":\"SWITCH_TO_ON_DEMAND\",\"AllocationStrategy\":\"price-capacity-optimized\"}}}],"
        + "\"KeepJobFlowAliveWhenNoSteps\":true,\"TerminationProtected\":false,\"Ec2SubnetId\":\"subnet-0abc\","
        + "\"EmrManagedMasterSecurityGroup\":\"sg-0master\",\"EmrManagedSlaveSecurityGroup\":\"sg-0worker\"}"),
        instances);

    Files.writeString(config, Files.readString(config) + groups);
    r = cli(args("up", "--config", config.toString(), "--run-id", "c3"));
    assertEquals(List.of("error: " + config + ": instanceFleets: give instanceGroups or instanceFleets, not both"),
        r.errLines());
  }

  @Test
  void anAttachedClusterOnAnotherReleaseIsRefusedBeforeAnythingIsUploaded() {
    String id = emr.cluster("old", "emr-6.15.0", "s3://log-bucket/emr/", "WAITING");
    CliTest.Result r = cli(args("submit", project.toString(), "--config", config.toString(), "--cluster", id,
        "--lake", LAKE, "--jar", jar.toString(), "--run-id", "r4"));
    assertEquals(1, r.code());
    assertEquals("error: EMR release emr-6.15.0 cannot run this build (see above); nothing was started or submitted",
        r.errLines().get(r.errLines().size() - 1));
    assertEquals(List.of("DescribeCluster"), emr.operations());
    assertEquals(List.of(), keys("staging-bucket"));
  }

  @Test
  void credentialsAreRefusedInStepArgumentsBeforeAnythingIsSent() {
    CliTest.Result r = cli(args("submit", project.toString(), "--config", config.toString(), "--transient",
        "--lake", LAKE, "--jar", jar.toString(), "--", "--accessKey=AKIAEXAMPLE"));
    assertEquals(List.of("error: --accessKey holds a credential: step arguments are visible to anyone who can "
        + "describe the cluster; give a reference such as '${env:NAME}', never the value"), r.errLines());
    r = cli(args("submit", project.toString(), "--config", config.toString(), "--transient", "--lake", LAKE,
        "--jar", jar.toString(), "--", "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\"}"));
    assertEquals(List.of("error: --awsCredentialsProvider: on EMR the steps read the lake with the cluster's "
        + "instance profile; leave it out (step arguments are visible to anyone who can describe the cluster)"),
        r.errLines());
    assertEquals(List.of(), emr.operations());
    assertEquals(List.of(), keys("staging-bucket"));
  }

  @Test
  void everyEmrCommandsHelpHasExamples() {
    for (String command : List.of("up", "submit", "status", "logs", "down", "iam")) {
      CliTest.Result r = cli("emr", command, "--help");
      assertEquals(0, r.code(), command);
      assertTrue(r.out().contains("Examples:\n  beamlake emr " + command + " "), command + ":\n" + r.out());
    }
    assertTrue(cli("emr", "--help").out().contains("Examples:\n  beamlake emr up "));
  }
}
