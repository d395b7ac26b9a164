package org.beamlake.clean;

import static org.beamlake.clean.TestRows.row;
import static org.beamlake.clean.TestRows.rows;
import static org.beamlake.clean.TestRows.schema;
import static org.beamlake.schema.ColumnType.DOUBLE;
import static org.beamlake.schema.ColumnType.INT;
import static org.beamlake.schema.ColumnType.STRING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class CastColumnsTest {
  static final Schema TEXT = schema("REF_AREA", STRING, "YEAR", STRING, "OBS_VALUE", STRING);
  static final Schema TYPED = schema("REF_AREA", STRING, "YEAR", INT, "OBS_VALUE", DOUBLE);
  static final Map<String, org.beamlake.schema.ColumnType> TYPES =
      Map.of("YEAR", INT, "OBS_VALUE", DOUBLE);

  @Test
  void castsValuesKeepingNullsAndLineage(TestPipeline p) {
    RowResult result =
        rows(
                p,
                TEXT,
                row(TEXT, "FR", "2020", "72.5", "a.csv:2"),
                row(TEXT, "DE", null, null, "a.csv:3"))
            .apply(CastColumns.of(TYPES));

    assertEquals(TYPED, result.rows().getSchema());
    PAssert.that(result.rows())
        .containsInAnyOrder(
            row(TYPED, "FR", 2020, 72.5, "a.csv:2"), row(TYPED, "DE", null, null, "a.csv:3"));
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void rejectsRowNamingEveryFailingColumnInSchemaOrder(TestPipeline p) {
    RowResult result =
        rows(
                p,
                TEXT,
                row(TEXT, "FR", "1.5", "abc", "a.csv:4"),
                row(TEXT, "DE", "2021", "n/a", "a.csv:5"))
            .apply(CastColumns.of(TYPES));

    PAssert.that(result.rows()).empty();
    PAssert.that(result.rejects())
        .containsInAnyOrder(
            new QuarantinedRecord(
                "cast",
                null,
                "YEAR: expected int, got '1.5'; OBS_VALUE: expected double, got 'abc'",
                "{\"REF_AREA\":\"FR\",\"YEAR\":\"1.5\",\"OBS_VALUE\":\"abc\"}",
                "a.csv:4"),
            new QuarantinedRecord(
                "cast",
                null,
                "OBS_VALUE: expected double, got 'n/a'",
                "{\"REF_AREA\":\"DE\",\"YEAR\":\"2021\",\"OBS_VALUE\":\"n/a\"}",
                "a.csv:5"));
    p.run();
  }

  @Test
  void rejectsLossyCastOfTypedValue(TestPipeline p) {
    Schema doubles = schema("V", DOUBLE);
    Schema ints = schema("V", INT);
    RowResult result =
        rows(p, doubles, row(doubles, 1.5, "b.json#0"), row(doubles, 2.0, "b.json#1"))
            .apply(CastColumns.of(Map.of("V", INT)));

    PAssert.that(result.rows()).containsInAnyOrder(row(ints, 2, "b.json#1"));
    PAssert.that(result.rejects())
        .containsInAnyOrder(
            new QuarantinedRecord(
                "cast", null, "V: expected int, got 1.5", "{\"V\":1.5}", "b.json#0"));
    p.run();
  }

  @Test
  void emptyInputGivesNoRowsAndNoRejects(TestPipeline p) {
    RowResult result = rows(p, TEXT).apply(CastColumns.of(TYPES));

    PAssert.that(result.rows()).empty();
    PAssert.that(result.rejects()).empty();
    p.run();
  }

  @Test
  void unknownColumnFailsAtConstructionListingColumns() {
    PCollection<Row> in = rows(Pipeline.create(), TEXT);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> in.apply(CastColumns.of(Map.of("X", INT))));
    assertEquals("cast: no column 'X'; columns are [REF_AREA, YEAR, OBS_VALUE]", e.getMessage());
  }

  @Test
  void lineageColumnCannotBeCast() {
    PCollection<Row> in = rows(Pipeline.create(), TEXT);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> in.apply(CastColumns.of(Map.of("__bl_source", INT))));
    assertEquals("cast: column '__bl_source' is reserved for beamlake", e.getMessage());
  }

  @Test
  void refusesEmptyTypes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CastColumns.of(Map.of()));
    assertEquals("cast: types must name at least one column", e.getMessage());
  }
}
