package org.beamlake.capture.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same capture against a real MariaDB with the Sakila MySQL schema: backquoted names, MySQL types. */
class CaptureJdbcMariaDbTest {
  static SakilaMariaDb db;

  @BeforeAll
  static void start() throws Exception {
    db = SakilaMariaDb.start();
    db.execute(MariaDbTypes.SETUP);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  static CaptureJdbc capture() {
    return CaptureJdbc.from(db.url()).withUsername("root");
  }

  @Test
  void capturesActorAndFilmWithMySqlTypes(@TempDir Path staging) {
    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("sakila.actor", "film")));

    assertEquals(List.of("film/part-00000.jsonl", "sakila.actor/part-00000.jsonl"), run.filesOnDisk());
    assertEquals(run.expected("sakila.actor/part-00000.jsonl", db.described() + " table sakila.actor",
        Map.of("table", "sakila.actor", "sql", "SELECT* FROM `sakila`.`actor`",
            "columns", "actor_id,first_name,last_name,last_update")), run.files.get(1));
    assertEquals(200, run.files.get(1).records());
    assertEquals("{\"actor_id\":1,\"first_name\":\"PENELOPE\",\"last_name\":\"GUINESS\",\"last_update\":\"2006-02-15T04:34:33Z\"}",
        run.lines("sakila.actor").get(0));
    assertEquals(1000, run.files.get(0).records());
    assertEquals("{\"film_id\":1,\"title\":\"ACADEMY DINOSAUR\",\"description\":\"A Epic Drama of a Feminist And a Mad"
        + " Scientist who must Battle a Teacher in The Canadian Rockies\",\"release_year\":2006,\"language_id\":1,"
        + "\"original_language_id\":null,\"rental_duration\":6,\"rental_rate\":0.99,\"length\":86,"
        + "\"replacement_cost\":20.99,\"rating\":\"PG\",\"special_features\":\"Deleted Scenes,Behind the Scenes\","
        + "\"last_update\":\"2006-02-15T05:03:42Z\"}", run.lines("film").get(0));
  }

  @Test
  void partitionedReadsOfATableAndAJoinReadEveryRowOnce(@TempDir Path staging) throws Exception {
    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("film"))
        .withQuery("film_categories", "SELECT f.film_id, f.length, c.name AS category FROM film f"
            + " JOIN film_category fc ON fc.film_id = f.film_id JOIN category c ON c.category_id = fc.category_id")
        .withPartitioning("length", 4).withShards(2));

    assertEquals(db.ids("SELECT film_id FROM film"), run.ids("film", "film_id"));
    assertEquals(db.ids("SELECT film_id FROM film_category"), run.ids("film_categories", "film_id"));
    assertEquals("SELECT* FROM `film` WHERE ((`length` >= ? AND `length` < ?) OR (? = 1 AND `length` IS NULL))",
        run.files.get(0).detail("sql"));
    assertEquals("46", run.files.get(0).detail("partition_min"));
    assertEquals("185", run.files.get(0).detail("partition_max"));
  }

  @Test
  void aTimestampMarkIsAnInstantInUtc(@TempDir Path staging) throws Exception {
    db.execute("CREATE TABLE actor_log AS SELECT* FROM actor");
    CaptureJdbc incremental = capture().withTables(List.of("actor_log")).withWatermark("last_update");
    CaptureRun first = CaptureRun.run(staging.resolve("1"), incremental);
    assertEquals(Map.of("actor_log", "2006-02-15T04:34:33Z"), CaptureJdbc.newWatermarks(first.files));

    db.execute("INSERT INTO actor_log VALUES (201, 'NEW', 'ONE', '2024-01-01 10:00:00'),"
        + " (202, 'SAME', 'MARK', '2006-02-15 04:34:33')");
    CaptureRun second = CaptureRun.run(staging.resolve("2"), incremental
        .withPreviousWatermarks(Map.of("actor_log", "2006-02-15T05:34:33+01:00")));

    assertEquals(List.of("{\"actor_id\":201,\"first_name\":\"NEW\",\"last_name\":\"ONE\",\"last_update\":\"2024-01-01T10:00:00Z\"}"),
        second.lines("actor_log"));
    assertEquals(Map.of("actor_log", "2024-01-01T10:00:00Z"), CaptureJdbc.newWatermarks(second.files));
  }

  @Test
  void everyTypeIsWrittenAsTheMappingSays(@TempDir Path staging) {
    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("type_zoo")));

    assertEquals(MariaDbTypes.EXPECTED_LINES, run.lines("type_zoo"));
  }
}
