package org.beamlake.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReferencedColumnsTest {
  static final List<String> COLUMNS = List.of("country", "region", "year", "value", "Note");

  @Test
  void keepsTheColumnsTheQueryNamesInTheTablesOrder() {
    assertEquals(List.of("region", "value"),
        ReferencedColumns.in("SELECT region, AVG(value) AS v FROM obs GROUP BY region", COLUMNS));
    assertEquals(List.of("year", "value"),
        ReferencedColumns.in("SELECT o.`value` * 2, COUNT(*) FROM obs o WHERE \"YEAR\" > 2000", COLUMNS));
    assertEquals(List.of("country", "Note"),
        ReferencedColumns.in("SELECT COUNTRY, note FROM obs", COLUMNS));
  }

  @Test
  void keepsEveryColumnForAStarOrANaturalJoin() {
    assertEquals(COLUMNS, ReferencedColumns.in("SELECT * FROM obs", COLUMNS));
    assertEquals(COLUMNS, ReferencedColumns.in("SELECT DISTINCT * FROM obs", COLUMNS));
    assertEquals(COLUMNS, ReferencedColumns.in("SELECT o.*, c.name FROM obs o JOIN c ON o.country = c.code", COLUMNS));
    assertEquals(COLUMNS, ReferencedColumns.in("SELECT year, * FROM obs", COLUMNS));
    assertEquals(COLUMNS, ReferencedColumns.in("SELECT name FROM obs NATURAL JOIN countries", COLUMNS));
  }

  @Test
  void aStarThatMultipliesOrCountsIsNotAColumnList() {
    assertEquals(List.of("year", "value"), ReferencedColumns.in("SELECT value * year, COUNT(*) FROM obs", COLUMNS));
  }

  @Test
  void namesInStringsAndCommentsDoNotCount() {
    assertEquals(List.of("value"), ReferencedColumns.in(
        "-- by region\nSELECT SUM(value) /* country */ FROM obs WHERE 'year' <> 'x'", COLUMNS));
  }

  @Test
  void aQueryThatNamesNoColumnStillGetsOneForItsRows() {
    assertEquals(List.of("country"), ReferencedColumns.in("SELECT COUNT(*) AS n FROM obs", COLUMNS));
  }
}
