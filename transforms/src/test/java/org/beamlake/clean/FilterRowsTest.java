package org.beamlake.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Arrays;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.schema.ColumnType;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class FilterRowsTest {
  /** A description and a NOT NULL column: both are things Beam SQL does not give back as they were. */
  static final Schema SCHEMA = Lineage.withLineage(Schema.builder()
      .addField(Schema.Field.nullable("REF_AREA", FieldType.STRING).withDescription("ISO country code"))
      .addField("TIME_PERIOD", FieldType.INT32)
      .addField("Obs Value", ColumnType.DOUBLE.fieldType())
      .addField("OBS_DATE", ColumnType.DATE.fieldType())
      .addField("UPDATED", ColumnType.TIMESTAMP.fieldType())
      .build());

  static final Row FR_1999 = row("FR", 1999, 1.0, LocalDate.of(1999, 12, 31), 1_000L, "a.csv:2");
  static final Row FR_2005 = row("FR", 2005, null, LocalDate.of(2005, 6, 1), null, "a.csv:3");
  static final Row DE_2001 = row("DE", 2001, 12.5, LocalDate.of(2001, 1, 1), 2_000_000_000_000L, "a.csv:4");
  static final Row NULLS = row(null, 2010, null, null, null, null);

  static Row row(String area, int period, Double value, LocalDate date, Long updatedMillis, String source) {
    return Row.withSchema(SCHEMA)
        .addValues(area, period, value, date, updatedMillis == null ? null : new Instant(updatedMillis), source)
        .build();
  }

  static PCollection<Row> create(Pipeline p) {
    return create(p, "Create");
  }

  static PCollection<Row> create(Pipeline p, String name) {
    return p.apply(name, Create.of(Arrays.asList(FR_1999, FR_2005, DE_2001, NULLS)).withRowSchema(SCHEMA));
  }

  @Test
  void keepsRowsWhereAndOrConditionIsTrueWithSchemaUnchanged(TestPipeline p) {
    PCollection<Row> out = create(p).apply(
        FilterRows.where("TIME_PERIOD >= 2000 AND (REF_AREA = 'FR' OR `Obs Value` > 10)"));
    assertEquals(SCHEMA, out.getSchema());
    PAssert.that(out).containsInAnyOrder(FR_2005, DE_2001);
    p.run();
  }

  @Test
  void nullConditionsDropTheRowAndIsNullKeepsIt(TestPipeline p) {
    PCollection<Row> isNull = create(p, "CreateIsNull").apply("IsNull", FilterRows.where("`Obs Value` IS NULL"));
    PCollection<Row> comparedToNull = create(p, "CreateCompared").apply("Compared", FilterRows.where("`Obs Value` < 100"));
    PCollection<Row> notNull = create(p, "CreateNotNull").apply("NotNull",
        FilterRows.where("REF_AREA IS NOT NULL AND NOT (REF_AREA = 'DE')"));
    PAssert.that(isNull).containsInAnyOrder(FR_2005, NULLS);
    PAssert.that(comparedToNull).containsInAnyOrder(FR_1999, DE_2001);
    PAssert.that(notNull).containsInAnyOrder(FR_1999, FR_2005);
    p.run();
  }

  @Test
  void comparesDatesAndTimestampsWithLiterals(TestPipeline p) {
    PCollection<Row> dates = create(p, "CreateDates").apply("Dates",
        FilterRows.where("OBS_DATE >= DATE '2000-01-01' AND OBS_DATE < DATE '2005-06-02'"));
    PCollection<Row> years = create(p, "CreateYears").apply("Years", FilterRows.where("EXTRACT(YEAR FROM OBS_DATE) = 1999"));
    PCollection<Row> timestamps = create(p, "CreateTimestamps").apply("Timestamps",
        FilterRows.where("UPDATED < TIMESTAMP '2000-01-01 00:00:00'"));
    assertEquals(SCHEMA, dates.getSchema());
    assertEquals(SCHEMA, timestamps.getSchema());
    PAssert.that(dates).containsInAnyOrder(FR_2005, DE_2001);
    PAssert.that(years).containsInAnyOrder(FR_1999);
    PAssert.that(timestamps).containsInAnyOrder(FR_1999);
    p.run();
  }

  @Test
  void aSchemaThatBeamSqlKeepsIsPassedThrough(TestPipeline p) {
    Schema plain = Lineage.withLineage(Schema.builder().addNullableField("N", FieldType.INT64).build());
    PCollection<Row> out = p.apply(Create.of(
            Row.withSchema(plain).addValues(1L, "a.csv:2").build(),
            Row.withSchema(plain).addValues(2L, "a.csv:3").build())
        .withRowSchema(plain))
        .apply(FilterRows.where("MOD(N, 2) = 0"));
    assertEquals(plain, out.getSchema());
    PAssert.that(out).containsInAnyOrder(Row.withSchema(plain).addValues(2L, "a.csv:3").build());
    p.run();
  }

  @Test
  void unknownColumnFailsAtExpandWithThePositionInTheExpression() {
    assertEquals(
        "FilterRows: invalid expression 'TIME_PERIOD > 3 AND NOPE = 3': "
            + "From line 1, column 21 to line 1, column 24: Column 'NOPE' not found in any table",
        expandError("TIME_PERIOD > 3 AND NOPE = 3"));
    assertEquals(
        "FilterRows: invalid expression 'time_period > 3': From line 1, column 1 to line 1, column 11: "
            + "Column 'time_period' not found in any table; did you mean 'TIME_PERIOD'?",
        expandError("time_period > 3"));
  }

  @Test
  void syntaxErrorsFailAtExpandWithThePositionInTheExpression() {
    assertEquals(
        "FilterRows: invalid expression 'TIME_PERIOD >> 3': Encountered \"> >\" at line 1, column 13.",
        expandError("TIME_PERIOD >> 3"));
    assertEquals(
        "FilterRows: invalid expression 'TIME_PERIOD > 3 AND\n  REF_AREA = = 'FR'': "
            + "Encountered \"= =\" at line 2, column 12.",
        expandError("TIME_PERIOD > 3 AND\n  REF_AREA = = 'FR'"));
    assertEquals(
        "FilterRows: invalid expression '(TIME_PERIOD > 3': Encountered \"<EOF>\" at line 1, column 17.",
        expandError("(TIME_PERIOD > 3"));
  }

  @Test
  void nonBooleanExpressionFailsAtExpand() {
    assertEquals(
        "FilterRows: invalid expression 'TIME_PERIOD + 1': "
            + "From line 1, column 1 to line 1, column 15: WHERE clause must be a condition",
        expandError("TIME_PERIOD + 1"));
  }

  @Test
  void whereRejectsMissingOrBlankConditions() {
    assertThrows(IllegalArgumentException.class, () -> FilterRows.where(null));
    assertThrows(IllegalArgumentException.class, () -> FilterRows.where(" \n"));
  }

  private static String expandError(String condition) {
    PCollection<Row> in = create(Pipeline.create());
    return assertThrows(IllegalArgumentException.class, () -> in.apply(FilterRows.where(condition)))
        .getMessage();
  }
}
