package org.beamlake.capture.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.beamlake.capture.CapturedFile;
import org.beamlake.capture.Secrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental capture by a watermark column: only rows above the previous mark, the new mark reported. */
class CaptureJdbcIncrementalTest {
  static SakilaPostgres db;

  @BeforeAll
  static void start() throws Exception {
    db = SakilaPostgres.start();
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
  void capturesOnlyRowsAboveThePreviousMarkAndReportsTheNewOne(@TempDir Path staging) throws Exception {
    db.execute("CREATE TABLE actor_log AS SELECT* FROM actor", "GRANT SELECT ON actor_log TO " + SakilaPostgres.USER);
    CaptureJdbc incremental = capture().withTables(List.of("actor_log", "language")).withWatermark("last_update");

    CaptureRun first = CaptureRun.run(staging.resolve("1"), incremental);
    assertEquals(200, first.ids("actor_log", "actor_id").size());
    assertEquals(Map.of("actor_log", "2006-02-15T04:34:33", "language", "2006-02-15T05:02:19"),
        CaptureJdbc.newWatermarks(first.files));
    assertEquals(null, first.files.get(0).detail("watermark_low"));

    db.execute("INSERT INTO actor_log VALUES (201, 'NEW', 'ONE', '2024-01-01 10:00:00'),"
        + " (202, 'NEW', 'TWO', '2024-01-01 10:00:00.25'), (203, 'SAME', 'MARK', '2006-02-15 04:34:33')");
    CaptureRun second = CaptureRun.run(staging.resolve("2"), incremental
        .withPreviousWatermarks(CaptureJdbc.newWatermarks(first.files)).withPartitioning("actor_id", 3).withShards(2));

    assertEquals(List.of(
        "{\"actor_id\":201,\"first_name\":\"NEW\",\"last_name\":\"ONE\",\"last_update\":\"2024-01-01T10:00:00\"}",
        "{\"actor_id\":202,\"first_name\":\"NEW\",\"last_name\":\"TWO\",\"last_update\":\"2024-01-01T10:00:00.25\"}"),
        second.lines("actor_log"));
    assertEquals(List.of(), second.lines("language"));
    Map<String, String> details = Map.of("table", "actor_log",
        "sql", "SELECT* FROM \"actor_log\" WHERE \"last_update\" > ? AND \"last_update\" <= ? AND ((\"actor_id\" >= ?"
            + " AND \"actor_id\" < ?) OR (? = 1 AND \"actor_id\" IS NULL))",
        "columns", "actor_id,first_name,last_name,last_update", "watermark_column", "last_update",
        "watermark_low", "2006-02-15T04:34:33", "watermark_high", "2024-01-01T10:00:00.25",
        "partition_column", "actor_id", "partitions", "3", "partition_min", "201", "partition_max", "202");
    assertEquals(List.of("actor_log/part-00000.jsonl", "actor_log/part-00001.jsonl").stream()
        .map(f -> second.expected(f, db.described() + " table actor_log", details)).collect(Collectors.toList()),
        second.files.subList(0, 2));

    CaptureRun third = CaptureRun.run(staging.resolve("3"), incremental
        .withPreviousWatermarks(CaptureJdbc.newWatermarks(second.files)));
    assertEquals(List.of(0L, 0L), third.files.stream().map(CapturedFile::records).collect(Collectors.toList()));
    assertEquals(CaptureJdbc.newWatermarks(second.files), CaptureJdbc.newWatermarks(third.files));
  }

  @Test
  void aMarkWithAnOffsetIsComparedAsAnInstant(@TempDir Path staging) throws Exception {
    db.execute("CREATE TABLE event (id int, at timestamptz)", "GRANT SELECT ON event TO " + SakilaPostgres.USER,
        "INSERT INTO event VALUES (1, '2024-01-01 09:00:00+00'), (2, '2024-01-01 11:30:00+02'),"
            + " (3, '2024-01-01 10:00:00.000001+01'), (4, NULL)");

    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("event")).withWatermark("at")
        .withPreviousWatermarks(Map.of("event", "2024-01-01T10:00:00+01:00")));

    assertEquals(List.of("{\"id\":2,\"at\":\"2024-01-01T09:30:00Z\"}", "{\"id\":3,\"at\":\"2024-01-01T09:00:00.000001Z\"}"),
        run.lines("event"));
    assertEquals(Map.of("event", "2024-01-01T09:30:00Z"), CaptureJdbc.newWatermarks(run.files));
  }

  @Test
  void aDateMarkIsBoundAsADate(@TempDir Path staging) throws Exception {
    CaptureRun run = CaptureRun.run(staging, capture()
        .withQuery("rental_days", "SELECT rental_id, CAST(rental_date AS date) AS rental_day FROM rental")
        .withWatermark("rental_day").withPreviousWatermarks(Map.of("rental_days", "2005-08-23")));

    assertEquals(db.ids("SELECT rental_id FROM rental WHERE rental_date >= '2005-08-24'"),
        run.ids("rental_days", "rental_id"));
    assertEquals(182, run.files.get(0).records());
    assertEquals("2006-02-14", run.files.get(0).detail("watermark_high"));
  }

  @Test
  void aPreviousMarkOfTheWrongShapeIsAnErrorNotSql(@TempDir Path staging) {
    PipelineExecutionException e = assertThrows(PipelineExecutionException.class, () -> CaptureRun.run(staging,
        capture().withTables(List.of("actor")).withWatermark("last_update")
            .withPreviousWatermarks(Map.of("actor", "2006-01-01' OR '1'='1"))));

    assertEquals("previous watermark of table actor (column last_update): expected a timestamp without zone"
        + " (YYYY-MM-DDTHH:MM:SS[.ffffff]), got '2006-01-01' OR '1'='1'", e.getCause().getMessage());
  }
}
