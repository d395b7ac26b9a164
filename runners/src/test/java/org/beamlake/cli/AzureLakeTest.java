package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.beamlake.capture.Secrets;
import org.beamlake.lake.Lake;
import org.beamlake.serve.LakeServer;
import org.beamlake.serve.ServeSettings;
import org.beamlake.testdata.Azurite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A lake on Azure Blob Storage through the CLI, as a user runs it: Azurite on 127.0.0.1, Beam's
 * azfs:// filesystem with the account key given as {@code ${env:AZURE_STORAGE_KEY}}. The demo's
 * sample run there must leave exactly what the same run leaves on disk, and serve must answer the
 * same from both.
 */
class AzureLakeTest {
  private static final String LAKE = "azfs://beamlake/demo-lake/lakes/world";
  private static Azurite azurite;
  private static List<String> azureOptions;

  @BeforeAll
  static void start() throws IOException {
    azurite = Azurite.start();
    // In-process stand-in for the environment variable (a JVM cannot set its own environment).
    System.setProperty(Secrets.PROPERTY_PREFIX + "AZURE_STORAGE_KEY", azurite.key());
    azureOptions = List.of("--blobServiceEndpoint=" + azurite.endpoint(), "--accountName=" + azurite.account(),
        "--accessKey=${env:AZURE_STORAGE_KEY}");
  }

  @AfterAll
  static void stop() {
    System.clearProperty(Secrets.PROPERTY_PREFIX + "AZURE_STORAGE_KEY");
    if (azurite != null) {
      azurite.close();
    }
  }

  private static String[] args(String... command) {
    List<String> all = new java.util.ArrayList<>(List.of(command));
    all.add("--");
    all.addAll(azureOptions);
    return all.toArray(String[]::new);
  }

  @Test
  void theDemoRunsOnAnAzfsLakeAndServesTheSameAsOnDisk() throws Exception {
    CliTest.Result init = cli(args("lake", "init", LAKE, "--create"));
    assertEquals(0, init.code(), init.err());
    assertEquals("created azfs://beamlake/demo-lake (private)", init.out().lines().findFirst().orElseThrow());

    CliTest.Result run = cli(args("run", DemoLake.project().toString(), "--runner", "direct", "--sample", "--lake", LAKE,
        "--run-id", DemoLake.RUN_ID));
    assertEquals(0, run.code(), run.err());

    Lake onDisk = DemoLake.get();
    Lake onAzure = Lake.at(LAKE);
    DemoLake.useFileSystems();
    org.apache.beam.sdk.io.FileSystems.setDefaultPipelineOptions(
        RunnerChoice.DIRECT.options(azureOptions, false, "local[1]"));
    for (String table : List.of("stats_country_indicator", "stats_country_global", "life_expectancy")) {
      List<List<Object>> expected = DemoProject.rows(onDisk.refined(table));
      assertEquals(expected, DemoProject.rows(onAzure.refined(table)), table);
    }
    assertEquals(DemoProject.rows(onDisk.trusted("indicators")), DemoProject.rows(onAzure.trusted("indicators")));

    try (LakeServer local = LakeServer.start(ServeSettings.of(onDisk).withPort(0));
        LakeServer azure = LakeServer.start(ServeSettings.of(onAzure).withPort(0))) {
      for (String path : List.of("/tables", "/tables/stats_country_global?REF_AREA=AFG",
          "/tables/stats_country_indicator?INDICATOR=WB_WDI_SP_DYN_LE00_IN&sort=-avg_val&limit=3",
          "/tables/stats_country_global.csv")) {
        HttpResponse<String> expected = get(local, path);
        HttpResponse<String> actual = get(azure, path);
        assertEquals(200, actual.statusCode(), path + ": " + actual.body());
        // The same rows, columns and run; only the moment each table was committed differs.
        assertEquals(withoutCommitTimes(expected.body()), withoutCommitTimes(actual.body()), path);
      }
      assertEquals(DemoLake.RUN_ID, new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(get(azure, "/runs/latest").body()).path("run_id").asText());
    }

    // Databricks reads the same blobs as abfss:// (the ADLS Gen2 endpoint of the account).
    CliTest.Result ddl = cli(args("databricks", "ddl", LAKE, "--schema", "world"));
    assertEquals(0, ddl.code(), ddl.err());
    assertEquals(List.of("LOCATION 'abfss://demo-lake@beamlake.dfs.core.windows.net/lakes/world/refined/life_expectancy/';",
        "LOCATION 'abfss://demo-lake@beamlake.dfs.core.windows.net/lakes/world/refined/stats_country_global/';",
        "LOCATION 'abfss://demo-lake@beamlake.dfs.core.windows.net/lakes/world/refined/stats_country_indicator/';"),
        ddl.out().lines().filter(l -> l.startsWith("LOCATION")).toList());
  }

  @Test
  void aKeyWrittenOutIsRefusedAndNothingIsCreated() {
    CliTest.Result r = cli("lake", "init", "azfs://beamlake/refused/lake", "--create", "--",
        "--blobServiceEndpoint=" + azurite.endpoint(), "--accountName=beamlake", "--accessKey=c2VjcmV0");
    assertEquals(1, r.code());
    assertEquals("error: --accessKey holds a credential: give it as a reference to an environment variable, e.g. "
        + "--accessKey='${env:AZURE_STORAGE_KEY}', never the value", r.err().lines().findFirst().orElseThrow());
    assertEquals(false, r.err().contains("c2VjcmV0"));
  }

  @Test
  void aRunWithoutAKeyOrSasIsRefusedBeforeItStarts() {
    CliTest.Result r = cli("run", DemoProject.DIR.toString(), "--runner", "direct", "--sample", "--lake",
        "azfs://beamlake/nokey/lake", "--", "--blobServiceEndpoint=" + azurite.endpoint(), "--accountName=beamlake");
    assertEquals(1, r.code());
    assertEquals("error: lake azfs://beamlake/nokey/lake: no account key, SAS token or connection string after --; "
        + "Beam's azfs would use DefaultAzureCredential, which reads but cannot commit (its renames copy blobs with a "
        + "SAS signed by a key). Give --accountName=ACCOUNT '--accessKey=${env:AZURE_STORAGE_KEY}' or "
        + "'--sasToken=${env:AZURE_STORAGE_SAS}', or on Databricks the abfss:// URI of the same container",
        r.err().lines().findFirst().orElseThrow());
  }

  @Test
  void anUnsetVariableIsNamed() {
    CliTest.Result r = cli("lake", "init", "azfs://beamlake/refused/lake", "--create", "--",
        "--blobServiceEndpoint=" + azurite.endpoint(), "--accountName=beamlake", "--sasToken=${env:NO_SUCH_SAS}");
    assertEquals(1, r.code());
    assertEquals("error: environment variable NO_SUCH_SAS is not set (referenced as ${env:NO_SUCH_SAS})",
        r.err().lines().findFirst().orElseThrow());
  }

  private static String withoutCommitTimes(String json) {
    return json.replaceAll("\"committed_at\":\"[^\"]+\"", "\"committed_at\":\"…\"");
  }

  private static HttpResponse<String> get(LakeServer server, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
