package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.beamlake.cli.CliTest.contents;
import static org.beamlake.cli.CliTest.copyProject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.beamlake.capture.Secrets;
import org.beamlake.stage.Progress;
import org.beamlake.testdata.FixtureApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture stage through the CLI: the raw zone's manifest, re-runs and the duplicate-content check. */
class CaptureTest {
  @TempDir Path tmp;

  static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private List<String> rawFiles(Path lake) throws IOException {
    return contents(lake).keySet().stream().filter(f -> f.startsWith("raw/"))
        .map(f -> f.replaceAll("ingest_date=[0-9-]+", "ingest_date=D")).toList();
  }

  private CliTest.Result capture(Path project, Path lake, String runId) {
    CliTest.Result r = cli("run", project.toString(), "--runner", "direct", "--lake", lake.toString(), "--run-id", runId,
        "--stage", "capture");
    assertEquals(0, r.code(), r.err());
    return r;
  }

  @Test
  void manifestRecordsEveryFileWithSizeAndHashAndTheRequest() throws Exception {
    Path project = tmp.resolve("project");
    copyProject(CliTest.INFERRED, project);
    String data = Files.readString(project.resolve("data/orders.csv"));
    Path lake = tmp.resolve("lake");
    capture(project, lake, "r1");

    assertEquals(List.of("raw/orders_csv/ingest_date=D/run_id=r1/_SUCCESS",
        "raw/orders_csv/ingest_date=D/run_id=r1/_manifest.json",
        "raw/orders_csv/ingest_date=D/run_id=r1/orders.csv"), rawFiles(lake));
    Path dir;
    try (var s = Files.list(lake.resolve("raw/orders_csv"))) {
      dir = s.findFirst().orElseThrow().resolve("run_id=r1");
    }
    assertEquals(data, Files.readString(dir.resolve("orders.csv")));
    JsonNode m = new ObjectMapper().readTree(dir.resolve("_manifest.json").toFile());
    assertEquals("orders_csv", m.get("source").asText());
    assertEquals("files", m.get("type").asText());
    assertEquals(project.resolve("data/*.csv").toString(), m.get("request").get("location").asText());
    assertEquals("r1", m.get("run_id").asText());
    assertEquals(1, m.get("file_count").asInt());
    assertEquals(data.length(), m.get("bytes").asLong());
    assertEquals("[{\"file\":\"orders.csv\",\"from\":\"" + project.resolve("data/orders.csv") + "\",\"bytes\":"
        + data.length() + ",\"sha256\":\"" + sha256(data) + "\",\"records\":-1,\"details\":{}}]", m.get("files").toString());
    assertTrue(m.get("started_at").asText().compareTo(m.get("ended_at").asText()) <= 0, m.toString());
  }

  @Test
  void theSameContentIsNotStoredTwiceAndEtlReadsTheEarlierCapture() throws Exception {
    Path project = tmp.resolve("project");
    copyProject(CliTest.INFERRED, project);
    Path lake = tmp.resolve("lake");
    capture(project, lake, "r1");
    CliTest.Result again = capture(project, lake, "r2");
    assertTrue(again.out().contains("orders_csv                   unchanged: same files and SHA-256 as run r1, "
        + "not stored again"), again.out());
    assertEquals(List.of("raw/orders_csv/ingest_date=D/run_id=r1/_SUCCESS",
        "raw/orders_csv/ingest_date=D/run_id=r1/_manifest.json",
        "raw/orders_csv/ingest_date=D/run_id=r1/orders.csv"), rawFiles(lake));
    CliTest.Result etl = cli("run", project.toString(), "--runner", "direct", "--lake", lake.toString(), "--run-id", "r2",
        "--stage", "etl");
    assertEquals(0, etl.code(), etl.err());
    assertEquals(3, DemoProject.rows(lake.resolve("trusted/orders") + "/").size());

    // New content is a new capture; re-running that run id after the content went back removes it.
    Path csv = project.resolve("data/orders.csv");
    String original = Files.readString(csv);
    Files.writeString(csv, original + "5,cy,2,2024-01-07,\n");
    capture(project, lake, "r3");
    assertEquals(6, rawFiles(lake).size());
    Files.writeString(csv, original);
    capture(project, lake, "r3");
    assertEquals(List.of("raw/orders_csv/ingest_date=D/run_id=r1/_SUCCESS",
        "raw/orders_csv/ingest_date=D/run_id=r1/_manifest.json",
        "raw/orders_csv/ingest_date=D/run_id=r1/orders.csv"), rawFiles(lake));
  }

  @Test
  void httpCaptureStoresEveryPageAsServedThroughFaultsAndNeverShowsASecret() throws Exception {
    String secret = "tok-" + Long.toHexString(System.nanoTime()) + "-planted";
    Path project = tmp.resolve("project");
    copyProject(DemoProject.DIR, project);
    Path yaml = project.resolve("beamlake.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("    retries: 5",
        "    headers: {Authorization: 'Bearer ${env:PLANTED_TOKEN}'}\n    params: {key: '${env:PLANTED_TOKEN}'}\n"
            + "    retries: 5"));
    Path pages = DemoProject.DIR.resolve("data/pages");
    Path lake = tmp.resolve("lake");
    try (FixtureApiServer api = FixtureApiServer.start(pages)) {
      System.setProperty(Secrets.PROPERTY_PREFIX + "DATA360_URL", api.url());
      System.setProperty(Secrets.PROPERTY_PREFIX + "PLANTED_TOKEN", secret);
      api.failNext(1, new FixtureApiServer.Fault(429, 1));
      api.failNext(2, new FixtureApiServer.Fault(503, null));
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      Progress.showOn(new PrintStream(console, true, StandardCharsets.UTF_8));
      CliTest.Result r;
      try {
        r = capture(project, lake, "h1");
      } finally {
        Progress.showOn(null);
      }
      CliTest.Result etl = cli("run", project.toString(), "--lake", lake.toString(), "--run-id", "h1",
          "--stage", "etl", "--runner", "spark", "--spark-master", "local[2]");
      assertEquals(0, etl.code(), etl.err());

      // 25 pages, each stored byte for byte as the server has it, plus the three faults retried.
      Map<String, String> lakeFiles = contents(lake);
      List<String> raw = lakeFiles.keySet().stream()
          .filter(f -> f.startsWith("raw/") && f.endsWith(".json") && !f.endsWith("_manifest.json")).sorted().toList();
      assertEquals(25, raw.size());
      for (String file : raw) {
        String name = file.substring(file.lastIndexOf('/') + 1); // WB_WDI__WB_WDI_SP_DYN_LE00_IN-page-00002.json
        int page = Integer.parseInt(name.replaceAll(".*-page-(\\d+)\\.json", "$1"));
        String stored = name.replaceAll("-page-\\d+\\.json", String.format("__skip%06d.json", (page - 1) * 1000));
        assertEquals(Files.readString(pages.resolve(stored), StandardCharsets.ISO_8859_1), lakeFiles.get(file), file);
      }
      assertEquals(25 + 3, api.requests().size());
      // The progress line's last state: the capture counters of the run, per source.
      long bytes = raw.stream().mapToLong(f -> lakeFiles.get(f).length()).sum();
      assertEquals("\r  capture: data360 25 pages, 23,603 records, 28 requests (3 retried), "
          + String.format("%.1f MiB", bytes / 1024.0 / 1024.0) + "\n", console.toString(StandardCharsets.UTF_8));
      assertTrue(api.requests().stream().allMatch(q -> q.contains("key=" + secret)), api.requests().get(0));
      assertEquals(23_589, DemoProject.rows(lake.resolve("trusted/indicators") + "/").size());

      // The secret reached the server, and nowhere else: not the lake, the run file, the output.
      for (Map.Entry<String, String> file : lakeFiles.entrySet()) {
        assertTrue(!file.getValue().contains(secret), file.getKey() + " holds the secret");
      }
      String said = r.out() + r.err() + etl.out() + etl.err();
      assertTrue(!said.contains(secret), said);
      JsonNode manifest = new ObjectMapper().readTree(lakeFiles.entrySet().stream()
          .filter(e -> e.getKey().endsWith("_manifest.json")).findFirst().orElseThrow().getValue());
      assertEquals("{\"key\":\"${env:PLANTED_TOKEN}\"}", manifest.get("request").get("params").toString());
      assertEquals(23_603, manifest.get("records").asLong());
    } finally {
      System.clearProperty(Secrets.PROPERTY_PREFIX + "DATA360_URL");
      System.clearProperty(Secrets.PROPERTY_PREFIX + "PLANTED_TOKEN");
    }
  }

  @Test
  void aFileFromAUrlIsDownloadedAsReceived() throws Exception {
    Path catalogue = DemoProject.DIR.resolveSibling("dvd-rental").resolve("catalogue/products.json");
    Path project = tmp.resolve("project");
    Files.createDirectories(project);
    try (FixtureApiServer api = FixtureApiServer.start(tmp).serveCatalogue(catalogue)) {
      Files.writeString(project.resolve("beamlake.yaml"), String.join("\n",
          "name: url",
          "sources:",
          "  shop: {path: '" + api.url() + "/products'}",
          "datasets:",
          "  products: {source: shop, format: json, columns: {id: int, title: string}}",
          ""));
      Path lake = tmp.resolve("lake");
      capture(project, lake, "u1");
      assertEquals(List.of("raw/shop/ingest_date=D/run_id=u1/_SUCCESS", "raw/shop/ingest_date=D/run_id=u1/_manifest.json",
          "raw/shop/ingest_date=D/run_id=u1/products"), rawFiles(lake));
      String raw = contents(lake).entrySet().stream().filter(e -> e.getKey().endsWith("/products")).findFirst()
          .orElseThrow().getValue();
      assertEquals(Files.readString(catalogue, StandardCharsets.ISO_8859_1), raw);
      CliTest.Result etl = cli("run", project.toString(), "--runner", "direct", "--lake", lake.toString(),
          "--run-id", "u1", "--stage", "etl");
      assertEquals(0, etl.code(), etl.err());
      assertEquals(32, DemoProject.rows(lake.resolve("trusted/products") + "/").size());
    }
  }

  @Test
  void anApiWhoseBaseUrlIsNotSetIsRefusedBeforeAnythingRunsAndSaysHowToSetIt() throws Exception {
    Path lake = tmp.resolve("lake");
    CliTest.Result r = cli("run", DemoProject.DIR.toString(), "--runner", "direct", "--lake", lake.toString(),
        "--run-id", "e1", "--stage", "capture");
    assertEquals(1, r.code(), r.err());
    assertEquals(List.of("error: source 'data360': environment variable DATA360_URL is not set (referenced as "
        + "${env:DATA360_URL}); set it to the API's base URL (for the demo projects' stand-ins: run with --sandbox, or "
        + "start `beamlake sandbox up`)", "(set BEAMLAKE_DEBUG=1 for the stack trace)"), r.err().lines().toList());
    assertTrue(!Files.exists(lake.resolve("raw")), "nothing captured");
  }
}
