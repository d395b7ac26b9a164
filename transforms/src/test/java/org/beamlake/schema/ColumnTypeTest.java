package org.beamlake.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class ColumnTypeTest {

  @Test
  void parsesEachTypeFromText() {
    assertEquals(" a ", ColumnType.STRING.parse(" a "));
    assertEquals(42, ColumnType.INT.parse(" 42 "));
    assertEquals(3_000_000_000L, ColumnType.LONG.parse("3000000000"));
    assertEquals(72.5, ColumnType.DOUBLE.parse("72.5"));
    assertEquals(Boolean.TRUE, ColumnType.BOOLEAN.parse("Yes"));
    assertEquals(new BigDecimal("1.10"), ColumnType.DECIMAL.parse("1.10"));
    assertEquals(LocalDate.of(2024, 2, 29), ColumnType.DATE.parse("2024-02-29"));
    assertEquals(Instant.parse("2024-01-02T03:04:05Z"), ColumnType.TIMESTAMP.parse("2024-01-02 03:04:05"));
    assertEquals(Instant.parse("2024-01-02T01:04:05Z"), ColumnType.TIMESTAMP.parse("2024-01-02T03:04:05+02:00"));
    assertNull(ColumnType.DOUBLE.parse("  "));
  }

  @Test
  void refusesBadTextWithWhatWasExpected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnType.DOUBLE.parse("n/a"));
    assertEquals("expected double, got 'n/a'", e.getMessage());
    assertEquals("expected int, got '3000000000'",
        assertThrows(IllegalArgumentException.class, () -> ColumnType.INT.parse("3000000000")).getMessage());
    assertEquals("expected double, got 'NaN'",
        assertThrows(IllegalArgumentException.class, () -> ColumnType.DOUBLE.parse("NaN")).getMessage());
    assertEquals("expected date, got '2024-02-30'",
        assertThrows(IllegalArgumentException.class, () -> ColumnType.DATE.parse("2024-02-30")).getMessage());
  }

  @Test
  void convertsValuesWithoutLosingPrecision() {
    assertEquals(7, ColumnType.INT.convert(7L));
    assertEquals(7, ColumnType.INT.convert(7.0));
    assertEquals("expected int, got 7.5",
        assertThrows(IllegalArgumentException.class, () -> ColumnType.INT.convert(7.5)).getMessage());
    assertEquals(2.0, ColumnType.DOUBLE.convert(2));
    assertEquals("12", ColumnType.STRING.convert(12));
    assertEquals("expected boolean, got Integer 1",
        assertThrows(IllegalArgumentException.class, () -> ColumnType.BOOLEAN.convert(1)).getMessage());
  }

  @Test
  void namesAreCaseInsensitiveAndUnknownNamesListTheValidOnes() {
    assertEquals(ColumnType.DOUBLE, ColumnType.fromName("Double"));
    assertEquals(
        "unknown column type 'float64', expected one of: string, int, long, double, boolean, decimal, date, timestamp",
        assertThrows(IllegalArgumentException.class, () -> ColumnType.fromName("float64")).getMessage());
  }
}
