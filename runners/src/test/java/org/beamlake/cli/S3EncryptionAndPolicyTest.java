package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.beamlake.aws.PathStyleS3ClientBuilderFactory;
import org.beamlake.capture.Secrets;
import org.beamlake.testdata.S3RecordingFront;
import org.beamlake.testdata.S3StandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What beamlake sends to S3, seen on the wire by a recording front before S3Proxy: with SSE-KMS
 * configured, every object a run writes (PutObject, CreateMultipartUpload, CopyObject) asks for
 * {@code aws:kms} with the key; and a bucket whose policy status is public is refused by {@code
 * lake init} and by {@code run} before anything is written. The smallest demo (weather, its
 * samples), on the DirectRunner; then its Athena DDL, read from the bucket.
 */
class S3EncryptionAndPolicyTest {
  private static final String KMS_KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final Path WEATHER = DemoProject.DIR.resolveSibling("weather");
  static S3StandIn s3;
  static S3RecordingFront front;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3StandIn.start();
    front = S3RecordingFront.start(URI.create(s3.endpoint()).getPort());
    System.setProperty("aws.accessKeyId", s3.accessKey());
    System.setProperty("aws.secretAccessKey", s3.secretKey());
    System.setProperty(Secrets.PROPERTY_PREFIX + "WEATHER_URL", "http://127.0.0.1:9"); // --sample reads no API
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty(Secrets.PROPERTY_PREFIX + "WEATHER_URL");
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    front.close();
    s3.close();
  }

  private static String[] args(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--", "--awsRegion=us-east-1", "--endpoint=" + front.endpoint(),
        "--s3ClientFactoryClass=" + PathStyleS3ClientBuilderFactory.class.getName(), "--SSEAlgorithm=aws:kms",
        "--SSEKMSKeyId=" + KMS_KEY));
    return all.toArray(String[]::new);
  }

  /** The S3 operation of a request, as far as this test tells them apart. */
  private static String operation(S3RecordingFront.Request r) {
    String query = r.target().contains("?") ? r.target().substring(r.target().indexOf('?') + 1) : "";
    boolean object = r.path().indexOf('/', 1) > 0 && r.path().indexOf('/', 1) < r.path().length() - 1;
    if (r.method().equals("PUT") && object && r.headers().containsKey("x-amz-copy-source")) {
      return query.contains("uploadId") ? "UploadPartCopy" : "CopyObject";
    }
    if (r.method().equals("PUT") && object) {
      return query.contains("uploadId") ? "UploadPart" : "PutObject";
    }
    if (r.method().equals("POST") && object && query.startsWith("uploads")) {
      return "CreateMultipartUpload";
    }
    return r.method() + (object ? " object" : " bucket") + (query.isEmpty() ? "" : "?" + query.split("=")[0]);
  }

  @Test
  void everyObjectARunWritesAsksForSseKmsWithTheKey() {
    CliTest.Result init = cli(args("lake", "init", "s3://kms-lake/weather", "--create"));
    assertEquals(0, init.code(), init.err());
    assertEquals("created s3://kms-lake (private; this store has no Block Public Access, check its access policy "
        + "yourself, default encryption SSE-KMS)", init.out().lines().findFirst().orElseThrow());
    int before = front.requests().size();
    CliTest.Result run = cli(args("run", WEATHER.toString(), "--runner", "direct", "--sample", "--lake",
        "s3://kms-lake/weather", "--run-id", "k1"));
    assertEquals(0, run.code(), run.err());

    Map<String, Integer> writes = new TreeMap<>();
    List<String> unencrypted = new ArrayList<>();
    for (S3RecordingFront.Request r : front.requests()) {
      String op = operation(r);
      if (!r.path().startsWith("/kms-lake/")) {
        continue; // another test's bucket
      }
      if (op.equals("PutObject") || op.equals("CreateMultipartUpload") || op.equals("CopyObject")) {
        writes.merge(op + (front.requests().indexOf(r) < before ? " (init)" : ""), 1, Integer::sum);
        if (!"aws:kms".equals(r.headers().get("x-amz-server-side-encryption"))
            || !KMS_KEY.equals(r.headers().get("x-amz-server-side-encryption-aws-kms-key-id"))) {
          unencrypted.add(r.method() + " " + r.target() + " " + r.headers());
        }
      }
    }
    assertEquals(List.of(), unencrypted);
    // init: the six zone folders; the run: every file through a multipart upload (Beam's S3 writes), every
    // move (Beam's temporary files, the commit out of _staging/) a copy, each asking for the key again;
    // the three stages' row counts (_staging/<run>/counts/) are files like any other
    assertEquals(Map.of("PutObject (init)", 6, "CreateMultipartUpload", 32, "CopyObject", 22), writes);

    // the Athena DDL of the lake on S3: footers read through Beam's S3 filesystem, the committed location
    CliTest.Result ddl = cli(args("athena", "ddl", "s3://kms-lake/weather", "--database", "weather"));
    assertEquals(0, ddl.code(), ddl.err());
    assertEquals("-- Athena DDL for the refined tables of s3://kms-lake/weather/\n\n"
        + "CREATE EXTERNAL TABLE IF NOT EXISTS `weather`.`monthly_climate` (\n  `city` string,\n  `country` string,\n"
        + "  `month` string,\n  `avg_max_c` double,\n  `min_c` double,\n  `max_c` double,\n  `precipitation_mm` double,\n"
        + "  `days` bigint\n)\nSTORED AS PARQUET\nLOCATION 's3://kms-lake/weather/refined/monthly_climate/'\n"
        + "TBLPROPERTIES ('parquet.compression'='SNAPPY');\n", ddl.out());
  }

  @Test
  void aPublicBucketIsRefusedByInitAndByRunBeforeAnythingIsWritten() {
    assertEquals(0, cli(args("lake", "init", "s3://open-lake/weather", "--create")).code());
    front.makePublic("open-lake");
    String refusal = "error: s3://open-lake is public (its bucket policy grants public access): a lake's raw and "
        + "trusted data must not be; remove the public statements and turn on Block Public Access";

    CliTest.Result init = cli(args("lake", "init", "s3://open-lake/weather"));
    assertEquals(1, init.code());
    assertEquals(refusal, init.err().lines().findFirst().orElseThrow());

    int before = front.requests().size();
    CliTest.Result run = cli(args("run", WEATHER.toString(), "--runner", "direct", "--sample", "--lake",
        "s3://open-lake/weather", "--run-id", "p1"));
    assertEquals(1, run.code());
    assertEquals(refusal, run.err().lines().findFirst().orElseThrow());
    List<String> after = new ArrayList<>();
    for (S3RecordingFront.Request r : front.requests().subList(before, front.requests().size())) {
      after.add(r.method() + " " + r.target());
    }
    assertEquals(List.of("GET /open-lake?policyStatus"), after); // asked, refused, nothing written
  }
}
