package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.beamlake.cli.CliTest.contents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.beamlake.capture.Secrets;
import org.beamlake.lake.TableReader;
import org.beamlake.testdata.FixtureApiServer;
import org.beamlake.testdata.SakilaPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dvd-rental demo against a real PostgreSQL holding Sakila: every refined table equals the same
 * question asked of the database itself; then incremental capture (new and changed rows only), and
 * a run that stopped between the raw commit and the state update (nothing lost, nothing twice).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DvdRentalEndToEndTest {
  static final Path PROJECT = DemoProject.DIR.resolveSibling("dvd-rental");

  @TempDir static Path tmp;
  static SakilaPostgres db;
  static FixtureApiServer api;
  static Path lake;

  @BeforeAll
  static void startDatabase() throws Exception {
    db = SakilaPostgres.start(PROJECT.resolve("sakila"), 0);
    api = FixtureApiServer.start(tmp).serveCatalogue(PROJECT.resolve("catalogue/products.json"));
    System.setProperty(Secrets.PROPERTY_PREFIX + "CATALOGUE_URL", api.url());
    System.setProperty(Secrets.PROPERTY_PREFIX + "SAKILA_URL", db.url());
    System.setProperty(Secrets.PROPERTY_PREFIX + "SAKILA_USER", db.user());
    System.setProperty(Secrets.PROPERTY_PREFIX + "SAKILA_PASSWORD", db.password());
    lake = tmp.resolve("lake");
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    api.close();
    for (String name : List.of("SAKILA_URL", "SAKILA_USER", "SAKILA_PASSWORD", "CATALOGUE_URL")) {
      System.clearProperty(Secrets.PROPERTY_PREFIX + name);
    }
    db.close();
  }

  static CliTest.Result run(String runId, String stage) {
    CliTest.Result r = cli("run", PROJECT.toString(), "--lake", lake.toString(), "--run-id", runId, "--stage", stage,
        "--runner", "spark", "--spark-master", "local[2]");
    assertEquals(0, r.code(), r.err());
    return r;
  }

  /** A query's rows as text: columns joined by '|', decimals without trailing zeros, sorted. */
  static List<String> database(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.admin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.add(text(rs.getObject(i)));
        }
        rows.add(String.join("|", row));
      }
    }
    return rows.stream().sorted().toList();
  }

  static List<String> refined(String table) {
    return TableReader.readAll(lake.resolve("refined/" + table) + "/").rows().stream()
        .map(r -> String.join("|", r.getValues().stream().map(DvdRentalEndToEndTest::text).toList()))
        .sorted().toList();
  }

  static String text(Object value) {
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Double d) {
      return BigDecimal.valueOf(d).setScale(2, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  static int trustedRows(String dataset) {
    return TableReader.readAll(lake.resolve("trusted/" + dataset) + "/").rows().size();
  }

  static void execute(String... sql) throws Exception {
    try (Connection c = db.admin(); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  /** The raw rows a capture of {@code runId} holds for a table. */
  static long rawRows(String runId, String table) throws Exception {
    return contents(lake).entrySet().stream()
        .filter(e -> e.getKey().contains("/run_id=" + runId + "/" + table + "/") && e.getKey().endsWith(".jsonl"))
        .mapToLong(e -> e.getValue().lines().count()).sum();
  }

  static void assertRefinedEqualsTheDatabase() throws Exception {
    assertEquals(database("SELECT c.name, SUM(p.amount), COUNT(*) FROM payment p JOIN rental r USING (rental_id) "
        + "JOIN inventory i USING (inventory_id) JOIN film_category fc USING (film_id) JOIN category c USING "
        + "(category_id) GROUP BY c.name"), refined("revenue_by_category"));
    assertEquals(database("SELECT co.country, SUM(p.amount), COUNT(DISTINCT cu.customer_id) FROM payment p JOIN "
        + "customer cu USING (customer_id) JOIN address a USING (address_id) JOIN city ci USING (city_id) JOIN "
        + "country co USING (country_id) GROUP BY co.country"), refined("revenue_by_country"));
    assertEquals(database("SELECT cu.customer_id, cu.first_name, cu.last_name, co.country, SUM(p.amount), COUNT(*) "
        + "FROM payment p JOIN customer cu USING (customer_id) JOIN address a USING (address_id) JOIN city ci USING "
        + "(city_id) JOIN country co USING (country_id) GROUP BY cu.customer_id, cu.first_name, cu.last_name, "
        + "co.country ORDER BY SUM(p.amount) DESC, cu.customer_id LIMIT 10"), refined("top_customers"));
    assertEquals(List.of("107|GINA|DEGENERES|42"), refined("actor_with_most_films"));
    // The customer segments' features: rentals, spend and days from the last rental to the data's last.
    assertEquals(database("WITH a AS (SELECT customer_id, COUNT(*) AS rentals, MAX(rental_date) AS last_rental "
        + "FROM rental JOIN inventory USING (inventory_id) GROUP BY customer_id), s AS (SELECT customer_id, SUM(amount) "
        + "AS spend FROM payment GROUP BY customer_id) SELECT a.customer_id, a.rentals, COALESCE(s.spend, 0), "
        + "EXTRACT(DAY FROM (SELECT MAX(rental_date) FROM rental) - a.last_rental) FROM a LEFT JOIN s USING "
        + "(customer_id)"), refined("customer_activity"));

    // The catalogue, as the API serves it, beside each category's rental revenue from the database.
    Map<String, List<Double>> prices = new java.util.TreeMap<>();
    for (JsonNode product : new ObjectMapper().readTree(PROJECT.resolve("catalogue/products.json").toFile())) {
      prices.computeIfAbsent(product.get("category").asText(), c -> new ArrayList<>()).add(product.get("price").asDouble());
    }
    Map<String, String> revenue = new java.util.TreeMap<>();
    for (String row : database("SELECT c.name, SUM(p.amount) FROM payment p JOIN rental r USING (rental_id) "
        + "JOIN inventory i USING (inventory_id) JOIN film_category fc USING (film_id) JOIN category c USING "
        + "(category_id) GROUP BY c.name")) {
      revenue.put(row.split("\\|")[0], row.split("\\|")[1]);
    }
    List<String> expected = new ArrayList<>();
    prices.forEach((category, p) -> expected.add(category + "|" + p.size() + "|"
        + text(p.stream().mapToDouble(Double::doubleValue).average().orElseThrow()) + "|" + revenue.get(category)));
    assertEquals(expected.stream().sorted().toList(), refined("merchandise_by_category"));
  }

  @Test
  @Order(1)
  void everyRefinedTableEqualsTheSameQuestionAskedOfTheDatabase() throws Exception {
    CliTest.Result r = run("d1", "all");
    assertEquals(16_044, trustedRows("rentals"));
    assertEquals(16_049, trustedRows("payments"));
    assertEquals(599, trustedRows("customers"));
    assertRefinedEqualsTheDatabase();
    assertTrue(!(r.out() + r.err()).contains(db.password()), "the password was printed");
    for (Map.Entry<String, String> file : contents(lake).entrySet()) {
      assertTrue(!file.getValue().contains(db.password()), file.getKey() + " holds the password");
    }
    JsonNode state = new ObjectMapper().readTree(lake.resolve("_state/sakila.json").toFile());
    assertEquals("{\"payment\":\"16049\",\"rental\":\"2006-02-23T04:12:08\"}", state.get("state").toString());

    // Four segments of the 599 customers, each customer in exactly one, as many as the model says.
    List<String> clusters = refined("customer_segments_clusters");
    assertEquals(599, clusters.size());
    assertEquals(599, clusters.stream().map(c -> c.split("\\|")[0]).distinct().count());
    org.beamlake.ml.ModelArtifact model = org.beamlake.ml.ModelArtifact.read(lake.resolve("refined") + "/",
        "customer_segments", "d1");
    List<?> sizes = (List<?>) model.metrics().get("cluster_sizes");
    assertEquals(4, sizes.size());
    for (int c = 0; c < 4; c++) {
      String cluster = Integer.toString(c);
      assertEquals(((Number) sizes.get(c)).longValue(), clusters.stream().filter(row -> row.split("\\|")[1].equals(cluster))
          .count(), "cluster " + c);
    }
    assertEquals(List.of("rentals", "spend", "recency_days"), model.featureNames());
  }

  @Test
  @Order(2)
  void aSecondCaptureTakesOnlyNewAndChangedRowsAndEtlReadsThemAll() throws Exception {
    execute("INSERT INTO rental (rental_id, rental_date, inventory_id, customer_id, staff_id, last_update) VALUES "
            + "(20001, '2006-03-01 10:00', 1, 1, 1, '2006-03-01 10:00'), "
            + "(20002, '2006-03-01 11:00', 2, 2, 1, '2006-03-01 11:00')",
        "UPDATE rental SET return_date = '2006-03-02 09:00', last_update = '2006-03-02 09:00' WHERE rental_id = 1",
        "INSERT INTO payment (payment_id, customer_id, staff_id, rental_id, amount, payment_date) VALUES "
            + "(40001, 1, 1, 20001, 3.99, '2007-05-01 10:00'), (40002, 2, 1, 20002, 12.50, '2007-05-01 11:00')");
    run("d2", "all");
    assertEquals(3, rawRows("d2", "rental")); // two new, one changed
    assertEquals(2, rawRows("d2", "payment"));
    assertEquals(16_046, trustedRows("rentals")); // the changed rental once, as changed
    assertEquals(16_051, trustedRows("payments"));
    assertRefinedEqualsTheDatabase();
  }

  @Test
  @Order(3)
  void aRunThatStoppedBeforeSavingItsStateNeitherLosesNorRepeatsRows() throws Exception {
    // As if d2 had stopped after committing its raw data but before writing _state.
    Files.delete(lake.resolve("_state/sakila.json"));
    execute("INSERT INTO payment (payment_id, customer_id, staff_id, rental_id, amount, payment_date) VALUES "
        + "(40003, 3, 1, 20002, 1.25, '2007-05-02 10:00')");
    run("d3", "capture");
    assertEquals(1, rawRows("d3", "payment")); // from d2's manifest: only what came after it
    assertEquals(0, rawRows("d3", "rental"));
    run("d3", "etl");
    assertEquals(16_052, trustedRows("payments"));

    // Re-running d3 captures the same window again and replaces it: still once.
    run("d3", "capture");
    assertEquals(1, rawRows("d3", "payment"));
    run("d3", "etl");
    run("d3", "analytics");
    assertEquals(16_052, trustedRows("payments"));
    assertRefinedEqualsTheDatabase();
  }
}
