package org.beamlake.capture.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements, split bounds and watermark texts a capture builds, checked without a database. */
class CaptureJdbcSqlTest {
  @Test
  void statementsQuoteNamesForTheDialectAndBindEveryValue() {
    CaptureSql pg = CaptureSql.of(JdbcDialect.POSTGRESQL, JdbcTarget.table("public.rental"), "rental_id",
        "last_update", true);
    assertEquals("SELECT * FROM \"public\".\"rental\" WHERE 1 = 0", pg.probe());
    assertEquals("SELECT MAX(\"last_update\") FROM \"public\".\"rental\" WHERE \"last_update\" > ?", pg.watermarkMax());
    assertEquals("SELECT MIN(\"rental_id\"), MAX(\"rental_id\") FROM \"public\".\"rental\" WHERE \"last_update\" > ?"
        + " AND \"last_update\" <= ?", pg.partitionBounds());
    assertEquals("SELECT* FROM \"public\".\"rental\" WHERE \"last_update\" > ? AND \"last_update\" <= ? AND"
        + " ((\"rental_id\" >= ? AND \"rental_id\" < ?) OR (? = 1 AND \"rental_id\" IS NULL))", pg.read());

    CaptureSql first = CaptureSql.of(JdbcDialect.MARIADB, JdbcTarget.query("q", "SELECT a FROM t"), null, "a", false);
    assertEquals("SELECT MAX(`a`) FROM (SELECT a FROM t) beamlake_q", first.watermarkMax());
    assertEquals(null, first.partitionBounds());
    assertEquals("SELECT* FROM (SELECT a FROM t) beamlake_q WHERE `a` <= ?", first.read());

    CaptureSql whole = CaptureSql.of(JdbcDialect.MYSQL, JdbcTarget.table("actor"), null, null, false);
    assertEquals("SELECT* FROM `actor`", whole.read());
    assertEquals(null, whole.watermarkMax());
  }

  @Test
  void integerBoundsAreAdjacentFromMinToJustPastMax() {
    assertEquals(List.of(1L, 4013L, 8025L, 12037L, 16050L), Partitions.bounds(ColumnKind.INTEGER, 1L, 16049L, 4));
    assertEquals(List.of(5L, 5L, 5L, 6L), Partitions.bounds(ColumnKind.INTEGER, 5L, 5L, 3));
    assertEquals(List.of(0L, 0L, 0L), Partitions.bounds(ColumnKind.INTEGER, null, null, 2));
    BigInteger top = new BigInteger("18446744073709551615");
    assertEquals(List.of(9223372036854775807L, new BigInteger("13835058055282163711"), top.add(BigInteger.ONE)),
        Partitions.bounds(ColumnKind.INTEGER, 9223372036854775807L, top, 2));
  }

  @Test
  void decimalDateAndTimestampBounds() {
    assertEquals(List.of(new BigDecimal("0.00"), new BigDecimal("4.33"), new BigDecimal("8.66"), new BigDecimal("12.99")),
        Partitions.bounds(ColumnKind.DECIMAL, new BigDecimal("0.00"), new BigDecimal("11.99"), 3));
    assertEquals(List.of(LocalDate.of(2005, 5, 24), LocalDate.of(2005, 10, 4), LocalDate.of(2006, 2, 15)),
        Partitions.bounds(ColumnKind.DATE, LocalDate.of(2005, 5, 24), LocalDate.of(2006, 2, 14), 2));
    LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
    assertEquals(List.of(start, LocalDateTime.of(2024, 1, 1, 12, 0), LocalDateTime.of(2024, 1, 2, 0, 0, 0, 1000)),
        Partitions.bounds(ColumnKind.TIMESTAMP, start, LocalDateTime.of(2024, 1, 2, 0, 0), 2));
    OffsetDateTime instant = start.atOffset(ZoneOffset.UTC);
    assertEquals(List.of(instant, instant.plusNanos(1000)),
        Partitions.bounds(ColumnKind.TIMESTAMP_WITH_ZONE, instant, instant, 1));
  }

  @Test
  void watermarksRoundTripThroughTheirText() {
    for (Object value : Arrays.asList(42L, new BigDecimal("4.50"), LocalDate.of(2024, 2, 29),
        LocalDateTime.of(2024, 2, 29, 13, 45, 30, 500_000_000))) {
      ColumnKind kind = value instanceof Long ? ColumnKind.INTEGER : value instanceof BigDecimal ? ColumnKind.DECIMAL
          : value instanceof LocalDate ? ColumnKind.DATE : ColumnKind.TIMESTAMP;
      assertEquals(value, JdbcValues.parse(kind, JdbcValues.text(value)));
    }
    assertEquals("2024-02-29T13:45:30Z", JdbcValues.text(OffsetDateTime.of(2024, 2, 29, 15, 45, 30, 0,
        ZoneOffset.ofHours(2)).withOffsetSameInstant(ZoneOffset.UTC)));
    assertEquals(LocalDateTime.of(2024, 2, 29, 13, 45, 30),
        JdbcValues.parse(ColumnKind.MYSQL_TIMESTAMP, "2024-02-29T15:45:30+02:00"));
    assertEquals("expected an integer, got '7 OR 1=1'",
        assertThrows(IllegalArgumentException.class, () -> JdbcValues.parse(ColumnKind.INTEGER, "7 OR 1=1")).getMessage());
    assertEquals("expected a timestamp with offset (YYYY-MM-DDTHH:MM:SS[.ffffff]Z), got '2024-01-01T00:00:00'",
        assertThrows(IllegalArgumentException.class,
            () -> JdbcValues.parse(ColumnKind.TIMESTAMP_WITH_ZONE, "2024-01-01T00:00:00")).getMessage());
  }

  @Test
  void valuesJsonHasNoNumberForAreStrings() throws Exception {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.writeStartArray();
      for (Object value : Arrays.asList(Double.NaN, Float.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, "NaN",
          new BigDecimal("1E+3"), new BigInteger("18446744073709551615"), new byte[] {0, -1, 16}, 0.1f, 1e20, null)) {
        JdbcValues.write(json, value);
      }
      json.writeEndArray();
    }
    assertEquals("[\"NaN\",\"Infinity\",\"-Infinity\",\"NaN\",1000,18446744073709551615,\"AP8Q\",0.1,1.0E20,null]",
        out.toString());
  }

  @Test
  void theDatabaseIsDescribedWithoutCredentialsOrParameters() {
    assertEquals("postgresql://127.0.0.1:5432/sakila",
        JdbcDialect.describe("jdbc:postgresql://127.0.0.1:5432/sakila?user=u&password=${env:P}"));
    assertEquals("mysql://db:3306/sakila", JdbcDialect.describe("jdbc:mysql://u:p@ss@db:3306/sakila"));
    assertEquals("postgresql:sakila", JdbcDialect.describe("jdbc:postgresql:sakila"));
    assertEquals("mariadb://db1,db2/x", JdbcDialect.describe("jdbc:mariadb://db1,db2/x;sslMode=verify-full"));
  }
}
