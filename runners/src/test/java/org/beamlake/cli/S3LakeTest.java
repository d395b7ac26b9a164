package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.beamlake.aws.PathStyleS3ClientBuilderFactory;
import org.beamlake.lake.Lake;
import org.beamlake.serve.LakeServer;
import org.beamlake.serve.ServeSettings;
import org.beamlake.testdata.S3StandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A lake on S3: the S3 API of an embedded S3Proxy on 127.0.0.1, reached through Beam's S3 filesystem
 * with credentials from AWS's default chain (here its system properties; on EMR the instance
 * profile). {@code lake init}, the demo project end to end, and {@code serve}, each against the same
 * run on a local lake.
 */
class S3LakeTest {
  @TempDir static Path tmp;
  static S3StandIn s3;
  static List<String> options;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3StandIn.start();
    System.setProperty("aws.accessKeyId", s3.accessKey());
    System.setProperty("aws.secretAccessKey", s3.secretKey());
    options = List.of("--awsRegion=us-east-1", "--endpoint=" + s3.endpoint(),
        "--s3ClientFactoryClass=" + PathStyleS3ClientBuilderFactory.class.getName());
  }

  @AfterAll
  static void stopS3() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    s3.close();
  }

  static S3Client client() {
    S3Options o = PipelineOptionsFactory.fromArgs(options.toArray(String[]::new)).as(S3Options.class);
    return new PathStyleS3ClientBuilderFactory().createBuilder(o).build();
  }

  static List<String> args(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--");
    all.addAll(options);
    return all;
  }

  static List<String> keys(S3Client client, String bucket, String prefix) {
    return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key).sorted().collect(Collectors.toList());
  }

  @Test
  void lakeInitCreatesAPrivateEncryptedBucketAndTheZonesAndIsSafeToRunAgain() {
    CliTest.Result first = cli(args("lake", "init", "s3://init-lake/sales", "--create").toArray(String[]::new));
    assertEquals(0, first.code(), first.err());
    assertEquals(List.of("created s3://init-lake (private; this store has no Block Public Access, check its access policy "
        + "yourself, default encryption SSE-S3)",
        "created s3://init-lake/sales/raw/", "created s3://init-lake/sales/trusted/",
        "created s3://init-lake/sales/quarantine/", "created s3://init-lake/sales/refined/",
        "created s3://init-lake/sales/_runs/", "created s3://init-lake/sales/_state/"), first.out().lines().toList());
    try (S3Client client = client()) {
      client.putObject(b -> b.bucket("init-lake").key("sales/raw/kept.txt"), RequestBody.fromString("kept"));
      CliTest.Result again = cli(args("lake", "init", "s3://init-lake/sales").toArray(String[]::new));
      assertEquals(0, again.code(), again.err());
      assertEquals(List.of("exists  s3://init-lake/sales/raw/", "exists  s3://init-lake/sales/trusted/",
          "exists  s3://init-lake/sales/quarantine/", "exists  s3://init-lake/sales/refined/",
          "exists  s3://init-lake/sales/_runs/", "exists  s3://init-lake/sales/_state/"), again.out().lines().toList());
      assertEquals(List.of("sales/_runs/", "sales/_state/", "sales/quarantine/", "sales/raw/", "sales/raw/kept.txt",
          "sales/refined/", "sales/trusted/"), keys(client, "init-lake", "sales/"));
    }
    CliTest.Result missing = cli(args("lake", "init", "s3://no-such-bucket/x").toArray(String[]::new));
    assertEquals(1, missing.code());
    assertEquals("error: bucket no-such-bucket does not exist; pass --create to create it (private, encrypted)",
        missing.err().lines().findFirst().orElseThrow());
  }

  @Test
  void theDemoOnAnS3LakeWritesWhatItWritesOnDiskAndServeReadsIt() throws Exception {
    Path local = tmp.resolve("local-lake");
    CliTest.Result onDisk = cli("run", DemoProject.DIR.toString(), "--runner", "direct", "--sample", "--lake",
        local.toString(), "--run-id", "r1");
    assertEquals(0, onDisk.code(), onDisk.err());
    assertEquals(0, cli(args("lake", "init", "s3://demo-lake/lakes/wi", "--create").toArray(String[]::new)).code());
    CliTest.Result onS3 = cli(args("run", DemoProject.DIR.toString(), "--runner", "direct", "--sample", "--lake",
        "s3://demo-lake/lakes/wi", "--run-id", "r1").toArray(String[]::new));
    assertEquals(0, onS3.code(), onS3.err());

    Lake disk = Lake.at(local.toString());
    Lake bucket = Lake.at("s3://demo-lake/lakes/wi");
    for (String table : List.of("stats_country_indicator", "stats_country_global")) {
      assertEquals(DemoProject.rows(disk.refined(table)), DemoProject.rows(bucket.refined(table)), table);
    }
    assertEquals(DemoProject.rows(disk.trusted("indicators")), DemoProject.rows(bucket.trusted("indicators")));
    try (S3Client client = client()) {
      List<String> quarantine = keys(client, "demo-lake", "lakes/wi/quarantine/indicators/run_id=r1/");
      assertTrue(quarantine.stream().anyMatch(k -> k.endsWith(".jsonl")), quarantine.toString());
      assertEquals(List.of(), keys(client, "demo-lake", "lakes/wi/_staging/"), "staging is cleaned up");
    }

    // serve: the same answers from the bucket as from the disk, but for where and when the tables were written.
    try (LakeServer fromDisk = LakeServer.start(ServeSettings.of(disk).withPort(0));
        LakeServer fromS3 = LakeServer.start(ServeSettings.of(bucket).withPort(0))) {
      for (String path : List.of("/tables", "/tables/stats_country_global?sort=REF_AREA&limit=3",
          "/tables/stats_country_indicator.csv")) {
        assertEquals(normal(get(fromDisk, path), disk), normal(get(fromS3, path), bucket), path);
      }
    }
  }

  /** An answer with the lake's location and the commit times (the two runs differ there) taken out. */
  private static String normal(String body, Lake lake) {
    return body.replace(lake.base(), "LAKE/").replaceAll("\"committed_at\":\"[^\"]+\"", "\"committed_at\":\"T\"");
  }

  private static String get(LakeServer server, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return r.body();
  }
}
