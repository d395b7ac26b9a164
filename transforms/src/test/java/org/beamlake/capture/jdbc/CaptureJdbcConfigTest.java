package org.beamlake.capture.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.SerializableUtils;
import org.beamlake.capture.CapturedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each setting checks its argument, expand() checks the required ones; no database needed. */
class CaptureJdbcConfigTest {
  static final CaptureJdbc PG = CaptureJdbc.from("jdbc:postgresql://db:5432/sakila");

  static void assertRefused(String message, Executable setting) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, setting).getMessage());
  }

  static void assertNotBuilt(String message, CaptureJdbc capture) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> p.apply(capture)).getMessage());
  }

  @Test
  void tableNamesAreIdentifiersNeverSql() {
    String expected = "table name '%s' is not a valid identifier: expected letters, digits, '_' or '$', starting with"
        + " a letter or '_', optionally schema-qualified (schema.table)";
    for (String bad : List.of("actor; DROP TABLE film", "actor\"--", "a.b.c", "1actor", "", "public.", "act or")) {
      assertRefused(String.format(expected, bad), () -> PG.withTables(List.of("actor", bad)));
    }
    assertRefused("table 'actor' is listed twice", () -> PG.withTables(List.of("actor", "film", "actor")));
    assertRefused("tables must not be empty", () -> PG.withTables(List.of()));
  }

  @Test
  void columnAndQueryNamesAreIdentifiers() {
    assertRefused("partition column 'id) OR (1=1' is not a valid identifier: expected letters, digits, '_' or '$',"
        + " starting with a letter or '_'", () -> PG.withPartitioning("id) OR (1=1", 4));
    assertRefused("watermark column 'public.last_update' is not a valid identifier: expected letters, digits, '_' or"
        + " '$', starting with a letter or '_'", () -> PG.withWatermark("public.last_update"));
    assertRefused("query name '../x' is not a valid identifier: expected letters, digits, '_' or '$', starting with"
        + " a letter or '_'", () -> PG.withQuery("../x", "SELECT 1"));
  }

  @Test
  void numbersAndTextsAreChecked() {
    assertRefused("partitions must be in [1, 10000], got 0", () -> PG.withPartitioning("id", 0));
    assertRefused("shards must be >= 1, got 0", () -> PG.withShards(0));
    assertRefused("query 'q' must have SQL", () -> PG.withQuery("q", " "));
    assertRefused("query 'q' is given twice", () -> PG.withQuery("q", "SELECT 1").withQuery("q", "SELECT 2"));
    assertRefused("stagingDirectory must not be empty", () -> PG.withStagingDirectory(""));
    assertRefused("previous watermark of 'actor' must not be empty",
        () -> PG.withPreviousWatermarks(Map.of("actor", " ")));
    assertRefused("driverClassName must be a Java class name, got 'org.x;'", () -> PG.withDriverClassName("org.x;"));
  }

  @Test
  void thePasswordMustBeAReferenceAndAnUnknownUrlShowsOnlyItsScheme() {
    assertRefused("password must be an ${env:NAME} reference, so that it is never part of the project or the pipeline",
        () -> PG.withPassword("s3cret"));
    assertRefused("unsupported JDBC URL starting 'jdbc:oracle:': expected one starting with jdbc:postgresql:,"
        + " jdbc:mariadb: or jdbc:mysql:", () -> CaptureJdbc.from("jdbc:oracle:thin:scott/tiger@db:1521/x"));
    assertRefused("url must not be empty", () -> CaptureJdbc.from(" "));
    String literal = "url must not hold a literal password: use withPassword(\"${env:NAME}\") or an ${env:NAME} reference";
    assertRefused(literal, () -> CaptureJdbc.from("jdbc:postgresql://db/sakila?user=u&password=s3cret"));
    assertRefused(literal, () -> CaptureJdbc.from("jdbc:mysql://u:s3cret@db:3306/sakila"));
  }

  @Test
  void expandChecksWhatOnlyTheWholeConfigurationCanTell() {
    CaptureJdbc staged = PG.withStagingDirectory("/lake/_staging/r1/raw/sakila");
    assertNotBuilt("CaptureJdbc: withTables or withQuery is required", staged);
    assertNotBuilt("CaptureJdbc: withStagingDirectory is required", PG.withTables(List.of("actor")));
    assertNotBuilt("CaptureJdbc: previous watermarks need withWatermark(column)",
        staged.withTables(List.of("actor")).withPreviousWatermarks(Map.of("actor", "2006-02-15T04:34:33")));
    assertNotBuilt("CaptureJdbc: previous watermark given for 'film', which is not a table or query of this capture"
        + " (actor, q)", staged.withTables(List.of("actor")).withQuery("q", "SELECT 1").withWatermark("last_update")
        .withPreviousWatermarks(Map.of("film", "2006-02-15T04:34:33")));
    assertNotBuilt("CaptureJdbc: table actor and query actor would write to the same directory 'actor'",
        staged.withTables(List.of("actor")).withQuery("actor", "SELECT 1"));
  }

  @Test
  void settingsAreImmutableAndTheirOrderDoesNotMatter() {
    CaptureJdbc base = PG.withUsername("${env:U}").withTables(List.of("actor"));
    CaptureJdbc one = base.withShards(2).withPartitioning("actor_id", 3).withWatermark("last_update")
        .withStagingDirectory("/s");
    CaptureJdbc other = base.withStagingDirectory("/s/").withWatermark("last_update").withPartitioning("actor_id", 3)
        .withShards(2);

    assertEquals(display(one), display(other));
    assertEquals("1", display(base).get("shards"));
    assertEquals(display(one), display(SerializableUtils.clone(one)));
  }

  @Test
  void displayDataShowsTheConfigurationButNoPasswordOrUrlParameters() {
    CaptureJdbc capture = CaptureJdbc.from("jdbc:mariadb://me:${env:P}@db:3306/sakila?password=${env:P}&ssl=true")
        .withUsername("${env:DB_USER}").withPassword("${env:DB_PASSWORD}").withTables(List.of("sakila.actor"))
        .withQuery("q", "SELECT 1").withPartitioning("id", 2).withWatermark("last_update")
        .withPreviousWatermarks(Map.of("q", "5")).withStagingDirectory("/lake/_staging/r1/raw/sakila");

    assertEquals(new TreeMap<>(Map.ofEntries(Map.entry("database", "mariadb://db:3306/sakila"),
        Map.entry("driverClassName", "org.mariadb.jdbc.Driver"), Map.entry("username", "${env:DB_USER}"),
        Map.entry("tables", "sakila.actor"), Map.entry("queries", "q"), Map.entry("partitionColumn", "id"),
        Map.entry("partitions", "2"), Map.entry("watermarkColumn", "last_update"),
        Map.entry("previousWatermarks", "{q=5}"), Map.entry("stagingDirectory", "/lake/_staging/r1/raw/sakila/"),
        Map.entry("shards", "1"))), display(capture));
  }

  @Test
  void newWatermarksAreTheHighMarksByTableOrQuery() {
    List<CapturedFile> files = List.of(
        new CapturedFile("actor/part-00000.jsonl", "x", 1, "h", 1, Map.of("table", "actor", "watermark_high", "7")),
        new CapturedFile("actor/part-00001.jsonl", "x", 1, "h", 0, Map.of("table", "actor", "watermark_high", "7")),
        new CapturedFile("q/part-00000.jsonl", "x", 1, "h", 1, Map.of("query", "q", "watermark_high", "2024-01-01")),
        new CapturedFile("film/part-00000.jsonl", "x", 0, "h", 0, Map.of("table", "film")));

    assertEquals(Map.of("actor", "7", "q", "2024-01-01"), CaptureJdbc.newWatermarks(files));
  }

  private static Map<String, String> display(CaptureJdbc capture) {
    return DisplayData.from(capture).items().stream()
        .collect(Collectors.toMap(DisplayData.Item::getKey, i -> String.valueOf(i.getValue()), (a, b) -> a, TreeMap::new));
  }
}
