package org.beamlake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;

class TableQueryTest {
  static final Schema SCHEMA = Schema.builder()
      .addField("country", ColumnType.STRING.fieldType())
      .addField("year", ColumnType.INT.fieldType())
      .addField("value", ColumnType.DOUBLE.fieldType())
      .addField("price", ColumnType.DECIMAL.fieldType())
      .build();

  static final List<Row> ROWS = List.of(
      row("FRA", 2020, 82.5, "1.50"),
      row("DEU", 2020, null, "2"),
      row("FRA", 2019, 82.0, null),
      row("AFG", 2020, 58.1, "0.25"));

  static Row row(String country, Integer year, Double value, String price) {
    return Row.withSchema(SCHEMA).addValues(country, year, value, price == null ? null : new BigDecimal(price)).build();
  }

  static List<String> countriesAndYears(List<Row> rows) {
    return rows.stream().map(r -> r.getString("country") + " " + r.getInt32("year")).toList();
  }

  @Test
  void withoutFiltersOrOrderKeepsEveryRowOrderedByEveryColumn() {
    assertEquals(List.of("AFG 2020", "DEU 2020", "FRA 2019", "FRA 2020"),
        countriesAndYears(TableQuery.of(SCHEMA).apply(ROWS)));
  }

  @Test
  void filtersParseTheirValuesByColumnTypeAndMatchAnyOfThem() {
    assertEquals(List.of("AFG 2020", "DEU 2020", "FRA 2020"),
        countriesAndYears(TableQuery.of(SCHEMA).where("year", List.of(" 2020")).apply(ROWS)));
    assertEquals(List.of("DEU 2020", "FRA 2020", "FRA 2019"),
        countriesAndYears(TableQuery.of(SCHEMA).where("country", List.of("AFG")).where("year", List.of("2020", "2019"))
            .where("country", List.of("DEU", "FRA")).orderBy("year", true).apply(ROWS)));
    assertEquals(List.of("FRA 2020"), countriesAndYears(TableQuery.of(SCHEMA).where("price", List.of("1.5")).apply(ROWS)));
    assertEquals(List.of("DEU 2020"), countriesAndYears(TableQuery.of(SCHEMA).where("value", List.of("")).apply(ROWS)));
    assertEquals(List.of(), countriesAndYears(TableQuery.of(SCHEMA).where("country", List.of("")).apply(ROWS)));
  }

  @Test
  void ordersPutNullsLastInBothDirections() {
    assertEquals(List.of("FRA 2020", "FRA 2019", "AFG 2020", "DEU 2020"),
        countriesAndYears(TableQuery.of(SCHEMA).orderBy("value", true).apply(ROWS)));
    assertEquals(List.of("AFG 2020", "FRA 2019", "FRA 2020", "DEU 2020"),
        countriesAndYears(TableQuery.of(SCHEMA).orderBy("value", false).apply(ROWS)));
    assertEquals(List.of("DEU 2020", "FRA 2020", "AFG 2020", "FRA 2019"),
        countriesAndYears(TableQuery.of(SCHEMA).orderBy("price", true).apply(ROWS)));
  }

  @Test
  void unknownColumnsAndUnparsableValuesNameTheColumn() {
    assertEquals("no column 'yr'; columns are [country, year, value, price]",
        assertThrows(IllegalArgumentException.class, () -> TableQuery.of(SCHEMA).where("yr", List.of("1"))).getMessage());
    assertEquals("no column 'yr'; columns are [country, year, value, price]",
        assertThrows(IllegalArgumentException.class, () -> TableQuery.of(SCHEMA).orderBy("yr", false)).getMessage());
    assertEquals("year: expected int, got 'soon'",
        assertThrows(IllegalArgumentException.class, () -> TableQuery.of(SCHEMA).where("year", List.of("soon"))).getMessage());
    assertEquals("year: give at least one value",
        assertThrows(IllegalArgumentException.class, () -> TableQuery.of(SCHEMA).where("year", List.of())).getMessage());
  }
}
