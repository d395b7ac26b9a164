package org.beamlake.clean;

import static org.beamlake.clean.TestRows.row;
import static org.beamlake.clean.TestRows.rows;
import static org.beamlake.clean.TestRows.schema;
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
import org.beamlake.quarantine.Lineage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class TrimStringsTest {
  static final Schema IN = schema("REF_AREA", STRING, "YEAR", INT, "UNIT", STRING);

  @Test
  void trimsEveryStringColumnButNeverTheLineage(TestPipeline p) {
    PCollection<Row> trimmed =
        rows(
                p,
                IN,
                row(IN, "  FR\t", 2020, " \n", " a.csv:2 "),
                row(IN, null, null, "EUR", "a.csv:3"))
            .apply(TrimStrings.allColumns());

    assertEquals(IN, trimmed.getSchema());
    PAssert.that(trimmed)
        .containsInAnyOrder(
            row(IN, "FR", 2020, "", " a.csv:2 "), row(IN, null, null, "EUR", "a.csv:3"));
    p.run();
  }

  @Test
  void emptyAfterTrimBecomesNullWhenAsked(TestPipeline p) {
    PCollection<Row> trimmed =
        rows(p, IN, row(IN, " FR ", 2020, "   ", "a.csv:2"), row(IN, "", null, null, "a.csv:3"))
            .apply(TrimStrings.allColumns().withEmptyAsNull(true));

    PAssert.that(trimmed)
        .containsInAnyOrder(
            row(IN, "FR", 2020, null, "a.csv:2"), row(IN, null, null, null, "a.csv:3"));
    p.run();
  }

  @Test
  void trimsOnlyTheListedColumns(TestPipeline p) {
    PCollection<Row> trimmed =
        rows(p, IN, row(IN, " FR ", 2020, " EUR ", "a.csv:2"))
            .apply(TrimStrings.columns(List.of("UNIT")));

    PAssert.that(trimmed).containsInAnyOrder(row(IN, " FR ", 2020, "EUR", "a.csv:2"));
    p.run();
  }

  @Test
  void emptyAsNullMakesARequiredStringColumnNullable(TestPipeline p) {
    Schema required = Lineage.withLineage(Schema.builder().addStringField("CODE").build());
    Schema nullable = schema("CODE", STRING);
    PCollection<Row> trimmed =
        rows(p, required, row(required, " ", "a.csv:2"), row(required, " A", "a.csv:3"))
            .apply(TrimStrings.columns(List.of("CODE")).withEmptyAsNull(true));

    assertEquals(nullable, trimmed.getSchema());
    PAssert.that(trimmed)
        .containsInAnyOrder(row(nullable, null, "a.csv:2"), row(nullable, "A", "a.csv:3"));
    p.run();
  }

  @Test
  void emptyInputGivesEmptyOutput(TestPipeline p) {
    PAssert.that(rows(p, IN).apply(TrimStrings.allColumns())).empty();
    p.run();
  }

  @Test
  void unknownColumnFailsAtConstruction() {
    PCollection<Row> in = rows(Pipeline.create(), IN);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> in.apply(TrimStrings.columns(List.of("GEO"))));
    assertEquals("trim: no column 'GEO'; columns are [REF_AREA, YEAR, UNIT]", e.getMessage());
  }

  @Test
  void nonStringColumnFailsAtConstruction() {
    PCollection<Row> in = rows(Pipeline.create(), IN);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> in.apply(TrimStrings.columns(List.of("UNIT", "YEAR"))));
    assertEquals("trim: column 'YEAR' is int, not string", e.getMessage());
  }

  @Test
  void refusesAnEmptyColumnList() {
    assertEquals(
        "trim: name at least one column (or use allColumns())",
        assertThrows(IllegalArgumentException.class, () -> TrimStrings.columns(List.of()))
            .getMessage());
  }
}
