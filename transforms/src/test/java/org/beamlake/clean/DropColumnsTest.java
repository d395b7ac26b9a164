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
import java.util.Set;
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
class DropColumnsTest {
  static final Schema IN =
      schema("REF_AREA", STRING, "YEAR", INT, "UNIT", STRING, "OBS_VALUE", DOUBLE);
  static final List<ColumnProfile> PROFILES =
      List.of(
          new ColumnProfile("REF_AREA", 3, 0, false, false),
          new ColumnProfile("YEAR", 3, 0, true, false),
          new ColumnProfile("UNIT", 3, 3, true, true),
          new ColumnProfile("OBS_VALUE", 3, 1, false, false),
          new ColumnProfile("FLAG", 3, 3, true, true));

  @Test
  void dropsColumnsKeepingOrderAndLineage(TestPipeline p) {
    Schema out = schema("REF_AREA", STRING, "OBS_VALUE", DOUBLE);
    PCollection<Row> dropped =
        rows(p, IN, row(IN, "FR", 2020, null, 1.5, "a.csv:2"))
            .apply(DropColumns.of(List.of("UNIT", "YEAR")));

    assertEquals(out, dropped.getSchema());
    PAssert.that(dropped).containsInAnyOrder(row(out, "FR", 1.5, "a.csv:2"));
    p.run();
  }

  @Test
  void emptyListChangesNothing(TestPipeline p) {
    PCollection<Row> same =
        rows(p, IN, row(IN, "FR", 2020, null, 1.5, "a.csv:2")).apply(DropColumns.of(List.of()));

    assertEquals(IN, same.getSchema());
    PAssert.that(same).containsInAnyOrder(row(IN, "FR", 2020, null, 1.5, "a.csv:2"));
    p.run();
  }

  @Test
  void emptyInputGivesEmptyOutput(TestPipeline p) {
    PAssert.that(rows(p, IN).apply(DropColumns.of(List.of("UNIT")))).empty();
    p.run();
  }

  @Test
  void unknownColumnFailsAtConstruction() {
    PCollection<Row> in = rows(Pipeline.create(), IN);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> in.apply(DropColumns.of(List.of("FLAG"))));
    assertEquals(
        "drop: no column 'FLAG'; columns are [REF_AREA, YEAR, UNIT, OBS_VALUE]", e.getMessage());
  }

  @Test
  void droppingEveryColumnFailsAtConstruction() {
    PCollection<Row> in = rows(Pipeline.create(), IN);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> in.apply(DropColumns.of(List.of("REF_AREA", "YEAR", "UNIT", "OBS_VALUE"))));
    assertEquals("drop: dropping [REF_AREA, YEAR, UNIT, OBS_VALUE] leaves no column; keep at least one", e.getMessage());
  }

  @Test
  void lineageCannotBeDropped() {
    assertEquals(
        "drop: column '__bl_source' is reserved for beamlake",
        assertThrows(IllegalArgumentException.class, () -> DropColumns.of(List.of("__bl_source")))
            .getMessage());
  }

  @Test
  void constantColumnsFromProfilesExceptKept() {
    assertEquals(List.of("YEAR", "UNIT", "FLAG"), DropColumns.constant(PROFILES, Set.of()));
    assertEquals(List.of("UNIT"), DropColumns.constant(PROFILES, Set.of("YEAR", "FLAG")));
  }

  @Test
  void allNullColumnsFromProfilesExceptKept() {
    assertEquals(List.of("UNIT", "FLAG"), DropColumns.allNull(PROFILES, Set.of()));
    assertEquals(List.of("FLAG"), DropColumns.allNull(PROFILES, Set.of("UNIT")));
  }

  @Test
  void profilesOfNoRowsDropNothing() {
    List<ColumnProfile> empty = List.of(new ColumnProfile("A", 0, 0, false, false));
    assertEquals(List.of(), DropColumns.constant(empty, Set.of()));
    assertEquals(List.of(), DropColumns.allNull(empty, Set.of()));
  }
}
