package org.beamlake.clean;

import static org.beamlake.clean.TestRows.row;
import static org.beamlake.clean.TestRows.rows;
import static org.beamlake.clean.TestRows.schema;
import static org.beamlake.schema.ColumnType.DOUBLE;
import static org.beamlake.schema.ColumnType.INT;
import static org.beamlake.schema.ColumnType.STRING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class SelectColumnsTest {
  static final Schema IN =
      schema("REF_AREA", STRING, "YEAR", INT, "UNIT", STRING, "OBS_VALUE", DOUBLE);

  @Test
  void selectsAndReordersWithLineageLast(TestPipeline p) {
    Schema out = schema("OBS_VALUE", DOUBLE, "REF_AREA", STRING);
    PCollection<Row> selected =
        rows(
                p,
                IN,
                row(IN, "FR", 2020, "EUR", 1.5, "a.csv:2"),
                row(IN, null, null, null, null, "a.csv:3"))
            .apply(SelectColumns.of(List.of("OBS_VALUE", "REF_AREA")));

    assertEquals(out, selected.getSchema());
    PAssert.that(selected)
        .containsInAnyOrder(row(out, 1.5, "FR", "a.csv:2"), row(out, null, null, "a.csv:3"));
    p.run();
  }

  @Test
  void emptyInputGivesEmptyOutput(TestPipeline p) {
    PCollection<Row> selected = rows(p, IN).apply(SelectColumns.of(List.of("YEAR")));

    PAssert.that(selected).empty();
    p.run();
  }

  @Test
  void unknownColumnFailsAtConstructionNamingItAndTheColumns() {
    PCollection<Row> in = rows(Pipeline.create(), IN);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> in.apply(SelectColumns.of(List.of("YEAR", "GEO"))));
    assertEquals(
        "select: no column 'GEO'; columns are [REF_AREA, YEAR, UNIT, OBS_VALUE]", e.getMessage());
  }

  @Test
  void refusesEmptyDuplicateOrReservedLists() {
    assertEquals(
        "select: select at least one column",
        assertThrows(IllegalArgumentException.class, () -> SelectColumns.of(List.of()))
            .getMessage());
    assertEquals(
        "select: column 'YEAR' is listed twice",
        assertThrows(
                IllegalArgumentException.class, () -> SelectColumns.of(List.of("YEAR", "YEAR")))
            .getMessage());
    assertEquals(
        "select: column '__bl_source' is reserved for beamlake",
        assertThrows(IllegalArgumentException.class, () -> SelectColumns.of(List.of("__bl_source")))
            .getMessage());
  }
}
