package org.beamlake.capture.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.beamlake.capture.CapturedFile;
import org.beamlake.capture.Secrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallel reads in a fixed number of ranges: every row arrives exactly once, whatever the column's type. */
class CaptureJdbcPartitionsTest {
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
  void integerRangesReadEveryRowOnce(@TempDir Path staging) throws Exception {
    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("rental"))
        .withPartitioning("rental_id", 4).withShards(2));

    assertEquals(List.of("rental/part-00000.jsonl", "rental/part-00001.jsonl"), run.filesOnDisk());
    try (Stream<Path> all = Files.walk(staging)) {
      assertEquals(List.of("", "rental"), all.filter(Files::isDirectory).map(d -> staging.relativize(d).toString())
          .sorted().collect(Collectors.toList()), "the splits' temporary files and their directory are gone");
    }
    assertEquals(db.ids("SELECT rental_id FROM rental"), run.ids("rental", "rental_id"));
    assertEquals(16044, run.files.stream().mapToLong(CapturedFile::records).sum());
    Map<String, String> details = Map.of("table", "rental",
        "sql", "SELECT* FROM \"rental\" WHERE ((\"rental_id\" >= ? AND \"rental_id\" < ?) OR (? = 1 AND \"rental_id\" IS NULL))",
        "columns", "rental_id,rental_date,inventory_id,customer_id,return_date,staff_id,last_update",
        "partition_column", "rental_id", "partitions", "4", "partition_min", "1", "partition_max", "16049");
    assertEquals(run.filesOnDisk().stream().map(f -> run.expected(f, db.described() + " table rental", details))
        .collect(Collectors.toList()), run.files);
  }

  @Test
  void timestampRangesKeepTheRowsWhoseValueIsNull(@TempDir Path staging) throws Exception {
    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("rental"))
        .withPartitioning("return_date", 5));

    assertEquals(List.of("183"), db.column("SELECT count(*) FROM rental WHERE return_date IS NULL"));
    assertEquals(db.ids("SELECT rental_id FROM rental"), run.ids("rental", "rental_id"));
    assertEquals("2005-05-25T23:55:21", run.files.get(0).detail("partition_min"));
    assertEquals("2005-09-02T02:35:22", run.files.get(0).detail("partition_max"));
  }

  @Test
  void decimalRangesReadEveryRowOnce(@TempDir Path staging) throws Exception {
    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("payment")).withPartitioning("amount", 7));

    assertEquals(db.ids("SELECT payment_id FROM payment"), run.ids("payment", "payment_id"));
    assertEquals("0.00", run.files.get(0).detail("partition_min"));
    assertEquals("11.99", run.files.get(0).detail("partition_max"));
  }

  @Test
  void dateRangesOfAQueryReadEveryRowOnce(@TempDir Path staging) throws Exception {
    CaptureRun run = CaptureRun.run(staging, capture()
        .withQuery("rental_days", "SELECT rental_id, CAST(rental_date AS date) AS rental_day FROM rental")
        .withPartitioning("rental_day", 3));

    assertEquals(db.ids("SELECT rental_id FROM rental"), run.ids("rental_days", "rental_id"));
    assertEquals("{\"rental_id\":1,\"rental_day\":\"2005-05-24\"}", run.lines("rental_days").get(0));
    assertEquals("2006-02-14", run.files.get(0).detail("partition_max"));
  }

  @Test
  void moreRangesThanValuesStillReadEveryRowOnce(@TempDir Path staging) throws Exception {
    CaptureRun run = CaptureRun.run(staging, capture().withTables(List.of("store", "language"))
        .withPartitioning("last_update", 6));

    assertEquals(List.of(1L, 2L), run.ids("store", "store_id"));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), run.ids("language", "language_id"));
  }
}
