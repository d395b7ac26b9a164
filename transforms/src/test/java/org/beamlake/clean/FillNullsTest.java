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
import org.junit.jupiter.api.function.Executable;

@ExtendWith(TestPipelineExtension.class)
class FillNullsTest {
  static final Schema IN =
      schema("REF_AREA", STRING, "OBS_STATUS", STRING, "OBS_VALUE", DOUBLE, "YEAR", INT);

  @Test
  void fillsConstantsConvertedToTheColumnType(TestPipeline p) {
    PCollection<Row> filled =
        rows(
                p,
                IN,
                row(IN, "FR", null, null, null, "a.csv:2"),
                row(IN, "DE", "E", 3.5, 2020, "a.csv:3"))
            .apply(
                FillNulls.create()
                    .withConstant("OBS_STATUS", "A")
                    .withConstant("OBS_VALUE", "0")
                    .withConstant("YEAR", 1999L));

    PAssert.that(filled)
        .containsInAnyOrder(
            row(IN, "FR", "A", 0.0, 1999, "a.csv:2"), row(IN, "DE", "E", 3.5, 2020, "a.csv:3"));
    p.run();
  }

  @Test
  void fillsTheMeanOfTheWholeCollection(TestPipeline p) {
    PCollection<Row> filled =
        rows(
                p,
                IN,
                row(IN, "FR", null, 1.0, 1, "a.csv:2"),
                row(IN, "DE", null, 2.0, 2, "a.csv:3"),
                row(IN, "IT", null, 4.0, null, "a.csv:4"),
                row(IN, "ES", null, null, null, "a.csv:5"))
            .apply(FillNulls.create().withMean("OBS_VALUE").withMean("YEAR"));

    // YEAR: the mean 1.5 rounds half-even to 2.
    PAssert.that(filled)
        .containsInAnyOrder(
            row(IN, "FR", null, 1.0, 1, "a.csv:2"),
            row(IN, "DE", null, 2.0, 2, "a.csv:3"),
            row(IN, "IT", null, 4.0, 2, "a.csv:4"),
            row(IN, "ES", null, 7.0 / 3, 2, "a.csv:5"));
    p.run();
  }

  @Test
  void fillsGroupMeansLeavingGroupsWithoutValuesNull(TestPipeline p) {
    PCollection<Row> filled =
        rows(
                p,
                IN,
                row(IN, "FR", "A", 1.0, 2, "a.csv:2"),
                row(IN, "FR", "A", 2.0, 3, "a.csv:3"),
                row(IN, "FR", "A", null, null, "a.csv:4"),
                row(IN, "DE", "A", null, 3, "a.csv:5"),
                row(IN, "DE", "A", null, 4, "a.csv:6"),
                row(IN, "DE", "A", null, null, "a.csv:7"),
                row(IN, null, "A", 5.0, null, "a.csv:8"),
                row(IN, null, "A", null, null, "a.csv:9"))
            .apply(
                FillNulls.create()
                    .withGroupMean("OBS_VALUE", List.of("REF_AREA"))
                    .withGroupMean("YEAR", List.of("REF_AREA", "OBS_STATUS")));

    // YEAR means: FR 2.5 -> 2 and DE 3.5 -> 4 (half-even); nulls in REF_AREA form their own group.
    PAssert.that(filled)
        .containsInAnyOrder(
            row(IN, "FR", "A", 1.0, 2, "a.csv:2"),
            row(IN, "FR", "A", 2.0, 3, "a.csv:3"),
            row(IN, "FR", "A", 1.5, 2, "a.csv:4"),
            row(IN, "DE", "A", null, 3, "a.csv:5"),
            row(IN, "DE", "A", null, 4, "a.csv:6"),
            row(IN, "DE", "A", null, 4, "a.csv:7"),
            row(IN, null, "A", 5.0, null, "a.csv:8"),
            row(IN, null, "A", 5.0, null, "a.csv:9"));
    p.run();
  }

  /**
   * 46.342 and 44.862 as doubles have a mean exactly halfway between two doubles, 45.602 and the
   * next one up, and the fill takes the even one, as IEEE division does ({@code (a + b) / 2}); the
   * mean rounded to 34 digits first came out as 45.602.
   */
  @Test
  void fillsAMeanHalfwayBetweenTwoDoublesWithTheEvenOne(TestPipeline p) {
    PCollection<Row> filled =
        rows(
                p,
                IN,
                row(IN, "FR", null, 46.342, 1, "a.csv:2"),
                row(IN, "FR", null, 44.862, 1, "a.csv:3"),
                row(IN, "FR", null, null, 1, "a.csv:4"))
            .apply(FillNulls.create().withGroupMean("OBS_VALUE", List.of("REF_AREA")));

    PAssert.that(filled)
        .containsInAnyOrder(
            row(IN, "FR", null, 46.342, 1, "a.csv:2"),
            row(IN, "FR", null, 44.862, 1, "a.csv:3"),
            row(IN, "FR", null, Math.nextUp(45.602), 1, "a.csv:4"));
    p.run();
  }

  @Test
  void emptyInputGivesEmptyOutput(TestPipeline p) {
    PCollection<Row> filled =
        rows(p, IN)
            .apply(
                FillNulls.create()
                    .withConstant("OBS_STATUS", "A")
                    .withMean("YEAR")
                    .withGroupMean("OBS_VALUE", List.of("REF_AREA")));

    PAssert.that(filled).empty();
    p.run();
  }

  @Test
  void unconvertibleConstantFailsAtConstruction() {
    assertFails(
        "fill_nulls: value 'abc' for OBS_VALUE: expected double, got 'abc'",
        FillNulls.create().withConstant("OBS_VALUE", "abc"));
    assertFails(
        "fill_nulls: value '1.5' for YEAR: expected int, got 1.5",
        FillNulls.create().withConstant("YEAR", 1.5));
  }

  @Test
  void meanOfAStringColumnFailsAtConstruction() {
    assertFails(
        "fill_nulls: the mean of OBS_STATUS needs an int, long, double or decimal column, but it is"
            + " string",
        FillNulls.create().withGroupMean("OBS_STATUS", List.of("REF_AREA")));
  }

  @Test
  void unknownColumnsFailAtConstruction() {
    String columns = "; columns are [REF_AREA, OBS_STATUS, OBS_VALUE, YEAR]";
    assertFails("fill_nulls: no column 'X'" + columns, FillNulls.create().withConstant("X", 1));
    assertFails("fill_nulls: no column 'X'" + columns, FillNulls.create().withMean("X"));
    assertFails(
        "fill_nulls: no column 'GEO'" + columns,
        FillNulls.create().withGroupMean("YEAR", List.of("GEO")));
  }

  @Test
  void groupByColumnThatIsFilledFailsAtConstruction() {
    assertFails(
        "fill_nulls: REF_AREA groups the mean of YEAR and is filled too; fill it in an earlier"
            + " step",
        FillNulls.create()
            .withGroupMean("YEAR", List.of("REF_AREA"))
            .withConstant("REF_AREA", "??"));
  }

  @Test
  void groupingByADoubleFailsAtConstruction() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            apply(FillNulls.create().withGroupMean("YEAR", List.of("OBS_VALUE"))));
    assertEquals(
        "fill_nulls: cannot group YEAR by [OBS_VALUE]: their encoding is not exact",
        e.getMessage());
  }

  @Test
  void nothingToFillFailsAtConstruction() {
    assertFails(
        "fill_nulls: nothing to fill; add withConstant, withMean or withGroupMean",
        FillNulls.create());
  }

  @Test
  void withMethodsValidateTheirArguments() {
    assertEquals(
        "fill_nulls: YEAR already has a fill",
        assertThrows(
                IllegalArgumentException.class,
                () -> FillNulls.create().withMean("YEAR").withConstant("YEAR", 1))
            .getMessage());
    assertEquals(
        "fill_nulls: the constant for YEAR must not be null",
        assertThrows(
                IllegalArgumentException.class, () -> FillNulls.create().withConstant("YEAR", null))
            .getMessage());
    assertEquals(
        "fill_nulls: YEAR cannot be grouped by itself",
        assertThrows(
                IllegalArgumentException.class,
                () -> FillNulls.create().withGroupMean("YEAR", List.of("YEAR")))
            .getMessage());
    assertEquals(
        "fill_nulls: group YEAR by at least one column (or use withMean)",
        assertThrows(
                IllegalArgumentException.class,
                () -> FillNulls.create().withGroupMean("YEAR", List.of()))
            .getMessage());
    assertEquals(
        "fill_nulls: column '__bl_source' is reserved for beamlake",
        assertThrows(
                IllegalArgumentException.class,
                () -> FillNulls.create().withConstant("__bl_source", "x"))
            .getMessage());
  }

  private static Executable apply(FillNulls fill) {
    PCollection<Row> in = rows(Pipeline.create(), IN);
    return () -> in.apply(fill);
  }

  private static void assertFails(String message, FillNulls fill) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, apply(fill)).getMessage());
  }
}
