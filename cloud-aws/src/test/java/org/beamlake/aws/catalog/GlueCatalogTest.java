package org.beamlake.aws.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.beamlake.testdata.GlueStandIn;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * Registration of a table with more partitions than one BatchCreatePartition takes, some already in
 * the catalog, through the real Glue client and the Glue stand-in.
 */
class GlueCatalogTest {
  @Test
  void partitionsGoInBatchesOfAHundredAndThoseRegisteredAreNotSentAgain() throws Exception {
    try (GlueStandIn stand = GlueStandIn.start();
        GlueClient glue = GlueClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(stand.url()))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "test")))
            .build()) {
      List<String> progress = new ArrayList<>();
      GlueCatalog catalog = new GlueCatalog(glue, "Sales", progress::add);
      catalog.register(List.of(table(3)));
      catalog.register(List.of(table(250)));
      assertEquals(List.of("database sales: created",
          "sales.orders: created, 1 columns, s3://b/l/refined/orders/, partitions: 3 added, 0 already registered",
          "database sales: exists",
          "sales.orders: updated, 1 columns, s3://b/l/refined/orders/, partitions: 247 added, 3 already registered"),
          progress);
      List<Integer> batches = new ArrayList<>();
      for (GlueStandIn.Request r : stand.requests()) {
        if (r.operation().equals("BatchCreatePartition")) {
          batches.add(r.body().path("PartitionInputList").size());
        }
      }
      assertEquals(List.of(3, 100, 100, 47), batches);
      List<List<String>> values = stand.partitionValues("sales", "orders");
      assertEquals(250, values.size());
      assertEquals(List.of("2024-01-04"), values.get(3)); // the fourth, first of the second run, after the three
      assertEquals("s3://b/l/refined/orders/order_date=2024-01-04/", stand.requests().stream()
          .filter(r -> r.operation().equals("BatchCreatePartition")).toList().get(1).body()
          .path("PartitionInputList").get(0).path("StorageDescriptor").path("Location").asText());
    }
  }

  private static CatalogTable table(int days) {
    List<CatalogTable.Partition> partitions = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      String day = java.time.LocalDate.of(2024, 1, 1).plusDays(d).toString();
      partitions.add(new CatalogTable.Partition(day, "s3://b/l/refined/orders/order_date=" + day + "/"));
    }
    return new CatalogTable("orders", "s3://b/l/refined/orders/", List.of(new CatalogTable.Column("amount",
        "decimal(38,18)")), new CatalogTable.Column("order_date", "date"), partitions, "SNAPPY");
  }
}
