package org.beamlake.clean;

import static org.beamlake.clean.TestRows.row;
import static org.beamlake.clean.TestRows.rows;
import static org.beamlake.clean.TestRows.schema;
import static org.beamlake.schema.ColumnType.DATE;
import static org.beamlake.schema.ColumnType.DOUBLE;
import static org.beamlake.schema.ColumnType.STRING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
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
class RenameColumnsTest {
  static final Schema IN = schema("geo", STRING, "TIME_PERIOD", DATE, "OBS_VALUE", DOUBLE);
  static final LocalDate DAY = LocalDate.of(2024, 2, 29);

  @Test
  void renamesInPlaceKeepingValuesAndLineage(TestPipeline p) {
    Schema out = schema("REF_AREA", STRING, "DAY", DATE, "OBS_VALUE", DOUBLE);
    PCollection<Row> renamed =
        rows(p, IN, row(IN, "FR", DAY, 1.5, "a.csv:2"), row(IN, null, null, null, "a.csv:3"))
            .apply(RenameColumns.of(Map.of("geo", "REF_AREA", "TIME_PERIOD", "DAY")));

    assertEquals(out, renamed.getSchema());
    PAssert.that(renamed)
        .containsInAnyOrder(
            row(out, "FR", DAY, 1.5, "a.csv:2"), row(out, null, null, null, "a.csv:3"));
    p.run();
  }

  @Test
  void swapsNames(TestPipeline p) {
    Schema out = schema("TIME_PERIOD", STRING, "geo", DATE, "OBS_VALUE", DOUBLE);
    PCollection<Row> renamed =
        rows(p, IN, row(IN, "FR", DAY, 1.5, "a.csv:2"))
            .apply(RenameColumns.of(Map.of("geo", "TIME_PERIOD", "TIME_PERIOD", "geo")));

    PAssert.that(renamed).containsInAnyOrder(row(out, "FR", DAY, 1.5, "a.csv:2"));
    p.run();
  }

  @Test
  void emptyInputGivesEmptyOutput(TestPipeline p) {
    PCollection<Row> renamed = rows(p, IN).apply(RenameColumns.of(Map.of("geo", "REF_AREA")));

    PAssert.that(renamed).empty();
    p.run();
  }

  @Test
  void unknownColumnFailsAtConstruction() {
    PCollection<Row> in = rows(Pipeline.create(), IN);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> in.apply(RenameColumns.of(Map.of("GEO", "REF_AREA"))));
    assertEquals(
        "rename: no column 'GEO'; columns are [geo, TIME_PERIOD, OBS_VALUE]", e.getMessage());
  }

  @Test
  void clashWithKeptColumnFailsAtConstruction() {
    PCollection<Row> in = rows(Pipeline.create(), IN);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> in.apply(RenameColumns.of(Map.of("geo", "OBS_VALUE"))));
    assertEquals(
        "rename: cannot rename 'geo' to 'OBS_VALUE': column 'OBS_VALUE' already exists",
        e.getMessage());
  }

  @Test
  void twoColumnsToOneNameFailAtFactory() {
    Map<String, String> renames = new LinkedHashMap<>();
    renames.put("geo", "X");
    renames.put("OBS_VALUE", "X");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RenameColumns.of(renames));
    assertEquals("rename: 'OBS_VALUE' and 'geo' both renamed to 'X'", e.getMessage());
  }

  @Test
  void lineageCannotBeRenamedOrTaken() {
    assertEquals(
        "rename: column '__bl_source' is reserved for beamlake",
        assertThrows(
                IllegalArgumentException.class,
                () -> RenameColumns.of(Map.of("geo", "__bl_source")))
            .getMessage());
    assertEquals(
        "rename: column '__bl_source' is reserved for beamlake",
        assertThrows(
                IllegalArgumentException.class,
                () -> RenameColumns.of(Map.of("__bl_source", "src")))
            .getMessage());
  }
}
