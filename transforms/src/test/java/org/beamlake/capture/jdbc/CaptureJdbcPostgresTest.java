package org.beamlake.capture.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.beamlake.capture.CapturedFile;
import org.beamlake.capture.Secrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole tables, lists of tables, queries, quoting and the type mapping against a real PostgreSQL. */
class CaptureJdbcPostgresTest {
  static SakilaPostgres db;

  @BeforeAll
  static void start() throws Exception {
    db = SakilaPostgres.start();
    db.execute(PostgresTypes.SETUP);
    db.execute("CREATE SCHEMA \"Select\"", "CREATE TABLE \"Select\".\"order\" (\"from\" int, \"Group\" text)",
        "INSERT INTO \"Select\".\"order\" VALUES (1, 'a'), (2, NULL)",
        "GRANT USAGE ON SCHEMA \"Select\" TO " + SakilaPostgres.USER,
        "GRANT SELECT ON ALL TABLES IN SCHEMA public, \"Select\" TO " + SakilaPostgres.USER);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  static CaptureJdbc capture() {
    return CaptureJdbc.from(db.url())
        .withUsername(SakilaPostgres.USER)
        .withPassword("${env:PG_PASSWORD}")
        .withSecrets(Secrets.of(Map.of("PG_PASSWORD", SakilaPostgres.PASSWORD)));
  }

  @Test
  void capturesAWholeTableAsJsonLinesAndDescribesTheFile(@TempDir Path staging) {
    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("public.actor")));

    assertEquals(List.of("public.actor/part-00000.jsonl"), run.filesOnDisk());
    assertEquals(List.of(run.expected("public.actor/part-00000.jsonl", db.described() + " table public.actor",
        Map.of("table", "public.actor", "sql", "SELECT* FROM \"public\".\"actor\"",
            "columns", "actor_id,first_name,last_name,last_update"))), run.files);
    assertEquals(200, run.files.get(0).records());
    assertEquals(LongStream.rangeClosed(1, 200).boxed().collect(Collectors.toList()), run.ids("public.actor", "actor_id"));
    assertEquals("{\"actor_id\":1,\"first_name\":\"PENELOPE\",\"last_name\":\"GUINESS\",\"last_update\":\"2006-02-15T04:34:33\"}",
        run.lines("public.actor").get(0));
  }

  @Test
  void filmKeepsItsEnumArrayDomainDecimalsAndTsvector(@TempDir Path staging) {
    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("film")));

    assertEquals(1000, run.files.get(0).records());
    assertEquals("{\"film_id\":1,\"title\":\"ACADEMY DINOSAUR\",\"description\":\"A Epic Drama of a Feminist And a Mad"
        + " Scientist who must Battle a Teacher in The Canadian Rockies\",\"release_year\":2006,\"language_id\":1,"
        + "\"original_language_id\":null,\"rental_duration\":6,\"rental_rate\":0.99,\"length\":86,"
        + "\"replacement_cost\":20.99,\"rating\":\"PG\",\"last_update\":\"2006-02-15T05:03:42\","
        + "\"special_features\":\"{\\\"Deleted Scenes\\\",\\\"Behind the Scenes\\\"}\",\"fulltext\":\"'academi':1"
        + " 'battl':15 'canadian':20 'dinosaur':2 'drama':5 'epic':4 'feminist':8 'mad':11 'must':14 'rocki':21"
        + " 'scientist':12 'teacher':17\"}", run.lines("film").get(0));
  }

  @Test
  void aListOfTablesGoesToOneDirectoryEachWithTheFixedNumberOfFiles(@TempDir Path staging) throws Exception {
    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("language", "public.category")).withShards(3));

    List<String> names = List.of("language/part-00000.jsonl", "language/part-00001.jsonl",
        "language/part-00002.jsonl", "public.category/part-00000.jsonl", "public.category/part-00001.jsonl",
        "public.category/part-00002.jsonl");
    assertEquals(names, run.filesOnDisk());
    Map<String, String> language = Map.of("table", "language", "sql", "SELECT* FROM \"language\"",
        "columns", "language_id,name,last_update");
    Map<String, String> category = Map.of("table", "public.category",
        "sql", "SELECT* FROM \"public\".\"category\"", "columns", "category_id,name,last_update");
    assertEquals(names.stream().map(f -> run.expected(f, db.described() + " table " + f.substring(0, f.indexOf('/')),
        f.startsWith("language") ? language : category)).collect(Collectors.toList()), run.files);
    assertEquals(List.of(
        "{\"language_id\":1,\"name\":\"English             \",\"last_update\":\"2006-02-15T05:02:19\"}",
        "{\"language_id\":2,\"name\":\"Italian             \",\"last_update\":\"2006-02-15T05:02:19\"}",
        "{\"language_id\":3,\"name\":\"Japanese            \",\"last_update\":\"2006-02-15T05:02:19\"}",
        "{\"language_id\":4,\"name\":\"Mandarin            \",\"last_update\":\"2006-02-15T05:02:19\"}",
        "{\"language_id\":5,\"name\":\"French              \",\"last_update\":\"2006-02-15T05:02:19\"}",
        "{\"language_id\":6,\"name\":\"German              \",\"last_update\":\"2006-02-15T05:02:19\"}"),
        run.lines("language"));
    assertEquals(db.ids("SELECT category_id FROM category"), run.ids("public.category", "category_id"));
  }

  @Test
  void aQueryIsCapturedUnderItsName(@TempDir Path staging) {
    CaptureRun run = CaptureRun.run(staging, capture().withQuery("top_actors",
        "SELECT a.actor_id, a.last_name, count(*) AS films FROM actor a JOIN film_actor fa USING (actor_id)"
            + " GROUP BY a.actor_id, a.last_name ORDER BY films DESC LIMIT 2;"));

    CapturedFile file = run.files.get(0);
    assertEquals("top_actors/part-00000.jsonl", file.file());
    assertEquals(db.described() + " query top_actors", file.from());
    assertEquals("SELECT* FROM (SELECT a.actor_id, a.last_name, count(*) AS films FROM actor a JOIN film_actor fa"
        + " USING (actor_id) GROUP BY a.actor_id, a.last_name ORDER BY films DESC LIMIT 2) beamlake_q", file.detail("sql"));
    assertEquals("top_actors", file.detail("query"));
    assertEquals(List.of("{\"actor_id\":102,\"last_name\":\"TORN\",\"films\":41}",
        "{\"actor_id\":107,\"last_name\":\"DEGENERES\",\"films\":42}"), run.lines("top_actors"));
  }

  @Test
  void namesAreQuotedSoReservedWordsAndCaseWork(@TempDir Path staging) {
    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("Select.order")).withPartitioning("from", 2));

    assertEquals(List.of("{\"from\":1,\"Group\":\"a\"}", "{\"from\":2,\"Group\":null}"), run.lines("Select.order"));
    assertEquals("SELECT* FROM \"Select\".\"order\" WHERE ((\"from\" >= ? AND \"from\" < ?) OR (? = 1 AND \"from\" IS NULL))",
        run.files.get(0).detail("sql"));
  }

  @Test
  void everyTypeIsWrittenAsTheMappingSays(@TempDir Path staging) {
    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("type_zoo")));

    assertEquals(PostgresTypes.EXPECTED_LINES, run.lines("type_zoo"));
  }

  @Test
  void aMissingTableFailsWithTheDatabasesMessage(@TempDir Path staging) {
    PipelineExecutionException e = assertThrows(PipelineExecutionException.class,
        () -> CaptureRun.run(staging, capture().withTables(List.of("public.nope"))));

    assertEquals("table public.nope: ERROR: relation \"public.nope\" does not exist\n  Position: 15 (SQLState 42P01)",
        e.getCause().getMessage());
  }

  @Test
  void aMissingOrUnorderedColumnIsAnErrorNamingIt(@TempDir Path staging) {
    PipelineExecutionException missing = assertThrows(PipelineExecutionException.class,
        () -> CaptureRun.run(staging, capture().withTables(List.of("actor")).withWatermark("updated_at")));
    assertEquals("watermark column 'updated_at' not found in table actor (columns: actor_id, first_name, last_name,"
        + " last_update)", missing.getCause().getMessage());

    PipelineExecutionException text = assertThrows(PipelineExecutionException.class,
        () -> CaptureRun.run(staging, capture().withTables(List.of("actor")).withPartitioning("last_name", 2)));
    assertEquals("partition column 'last_name' of table actor must be an integer, decimal, date or timestamp column",
        text.getCause().getMessage());
  }
}
