package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.beamlake.lake.Lake;
import org.beamlake.testdata.GlueStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code beamlake athena register} over the demo's lake, through the real Glue client against a
 * stateful stand-in of the Glue API on 127.0.0.1: the exact requests (database, table inputs with
 * columns, types, partition keys, SerDe, formats and locations; the partitions), a second run that
 * updates instead of duplicating and sends no partition twice, and a throttled call retried.
 */
class AthenaRegisterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String S3_BASE = "s3://demo-lake/lakes/world/";
  private GlueStandIn glue;

  @BeforeEach
  void start() throws Exception {
    glue = GlueStandIn.start();
    System.setProperty("aws.accessKeyId", "glue-stand-in-access-key");
    System.setProperty("aws.secretAccessKey", "stand-in-secret-not-a-real-key");
  }

  @AfterEach
  void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    glue.close();
  }

  private CliTest.Result register(Lake lake) {
    return cli("athena", "register", lake.base(), "--database", "world", "--region", "eu-west-1", "--glue-endpoint",
        glue.url(), "--location-base", S3_BASE);
  }

  @Test
  void registersEveryTableWithItsPartitionsAndARerunUpdatesWithoutDuplicates() throws Exception {
    Lake lake = DemoLake.get();
    glue.fail("CreateTable", "ThrottlingException");
    CliTest.Result first = register(lake);
    assertEquals(0, first.code(), first.err());
    String refined = S3_BASE + "refined/";
    assertEquals("database world: created\n"
        + "world.life_expectancy: created, 3 columns, " + refined + "life_expectancy/\n"
        + "world.stats_country_global: created, 6 columns, " + refined + "stats_country_global/\n"
        + "world.stats_country_indicator: created, 7 columns, " + refined + "stats_country_indicator/, partitions: "
        + "3 added, 0 already registered\n", first.out());
    assertEquals(List.of("GetDatabase", "CreateDatabase",
        "GetTable", "CreateTable", "CreateTable", // the first CreateTable throttled, retried by the SDK
        "GetTable", "CreateTable",
        "GetTable", "CreateTable", "GetPartitions", "BatchCreatePartition"), glue.operations());

    List<GlueStandIn.Request> requests = glue.requests();
    assertEquals(json("{\"Name\":\"world\"}"), requests.get(0).body());
    assertEquals(json("{\"DatabaseInput\":{\"Name\":\"world\",\"Description\":\"beamlake refined tables\"}}"),
        requests.get(1).body());
    assertEquals(json("{\"DatabaseName\":\"world\",\"Name\":\"life_expectancy\"}"), requests.get(2).body());
    assertEquals(requests.get(3).body(), requests.get(4).body()); // the retry is the same request
    assertEquals(createTable("life_expectancy", null,
        "ref_area", "string", "time_period", "int", "life_expectancy", "double"), requests.get(4).body());
    assertEquals(createTable("stats_country_global", null, "ref_area", "string", "avg_val", "double",
        "median_val", "double", "min_val", "double", "max_val", "double", "count_obs", "bigint"), requests.get(6).body());
    String[] indicatorColumns = {"ref_area", "string", "indicator", "string", "avg_val", "double", "median_val",
        "double", "min_val", "double", "max_val", "double", "count_obs", "bigint"};
    assertEquals(createTable("stats_country_indicator", "database_id", indicatorColumns), requests.get(8).body());
    assertEquals(json("{\"DatabaseName\":\"world\",\"TableName\":\"stats_country_indicator\"}"), requests.get(9).body());
    ObjectNode batch = JSON.createObjectNode().put("DatabaseName", "world").put("TableName", "stats_country_indicator");
    ArrayNode partitions = batch.putArray("PartitionInputList");
    for (String id : List.of("WB_ESG", "WB_SE4ALL", "WB_WDI")) {
      ObjectNode p = partitions.addObject();
      p.putArray("Values").add(id);
      p.set("StorageDescriptor", storage(refined + "stats_country_indicator/DATABASE_ID=" + id + "/",
          indicatorColumns));
    }
    assertEquals(batch, requests.get(10).body());
    assertEquals(List.of(List.of("WB_ESG"), List.of("WB_SE4ALL"), List.of("WB_WDI")),
        glue.partitionValues("world", "stats_country_indicator"));

    // a re-run: the same tables updated, the partitions found (over two pages) and not sent again
    CliTest.Result second = register(lake);
    assertEquals(0, second.code(), second.err());
    assertEquals("database world: exists\n"
        + "world.life_expectancy: updated, 3 columns, " + refined + "life_expectancy/\n"
        + "world.stats_country_global: updated, 6 columns, " + refined + "stats_country_global/\n"
        + "world.stats_country_indicator: updated, 7 columns, " + refined + "stats_country_indicator/, partitions: "
        + "0 added, 3 already registered\n", second.out());
    List<GlueStandIn.Request> rerun = glue.requests().subList(requests.size(), glue.requests().size());
    List<String> operations = new ArrayList<>();
    rerun.forEach(r -> operations.add(r.operation()));
    assertEquals(List.of("GetDatabase", "GetTable", "UpdateTable", "GetTable", "UpdateTable", "GetTable",
        "UpdateTable", "GetPartitions", "GetPartitions"), operations);
    assertEquals(requests.get(4).body(), rerun.get(2).body()); // UpdateTable sends the same TableInput
    assertEquals(json("{\"DatabaseName\":\"world\",\"TableName\":\"stats_country_indicator\",\"NextToken\":\"2\"}"),
        rerun.get(8).body());
    assertEquals(3, glue.partitionValues("world", "stats_country_indicator").size());
  }

  @Test
  void aGlueErrorIsOneLineNamingIt() throws Exception {
    Lake lake = DemoLake.get();
    glue.fail("GetDatabase", "AccessDeniedException");
    CliTest.Result r = register(lake);
    assertEquals(1, r.code());
    assertEquals("error: Glue: stand-in fault: AccessDeniedException (AccessDeniedException, HTTP 400)", r.err().strip());
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static ObjectNode createTable(String name, String partitionKey, String... columns) {
    ObjectNode request = JSON.createObjectNode().put("DatabaseName", "world");
    ObjectNode input = request.putObject("TableInput").put("Name", name);
    input.set("StorageDescriptor", storage(S3_BASE + "refined/" + name + "/", columns));
    if (partitionKey != null) {
      input.putArray("PartitionKeys").addObject().put("Name", partitionKey).put("Type", "string");
    }
    input.put("TableType", "EXTERNAL_TABLE");
    input.putObject("Parameters").put("EXTERNAL", "TRUE").put("classification", "parquet")
        .put("parquet.compression", "SNAPPY");
    return request;
  }

  private static ObjectNode storage(String location, String... columns) {
    ObjectNode storage = JSON.createObjectNode();
    ArrayNode list = storage.putArray("Columns");
    for (int i = 0; i < columns.length; i += 2) {
      list.addObject().put("Name", columns[i]).put("Type", columns[i + 1]);
    }
    storage.put("Location", location)
        .put("InputFormat", "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
        .put("OutputFormat", "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
    storage.putObject("SerdeInfo").put("SerializationLibrary", "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
        .putObject("Parameters").put("serialization.format", "1");
    return storage;
  }
}
