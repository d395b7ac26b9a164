package org.beamlake.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class DeriveColumnsTest {
  /** A description and a NOT NULL column: columns not derived must keep their exact field. */
  static final Schema SCHEMA = Lineage.withLineage(Schema.builder()
      .addField(Schema.Field.nullable("NAME", FieldType.STRING).withDescription("country name"))
      .addField("TIME_PERIOD", FieldType.INT32)
      .addField(Schema.Field.nullable("Obs Value", FieldType.DOUBLE).withDescription("observed value"))
      .build());

  static final Row FRANCE = row("France", 1999, 1.5, "a.csv:2");
  static final Row GERMANY = row("Germany", 2005, null, "a.csv:3");
  static final Row NULLS = row(null, 2010, null, null);

  static Row row(String name, int period, Double value, String source) {
    return Row.withSchema(SCHEMA).addValues(name, period, value, source).build();
  }

  static PCollection<Row> create(Pipeline p, String name) {
    return p.apply(name, Create.of(Arrays.asList(FRANCE, GERMANY, NULLS)).withRowSchema(SCHEMA));
  }

  static Map<String, String> columns(String... columnExpressionPairs) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < columnExpressionPairs.length; i += 2) {
      columns.put(columnExpressionPairs[i], columnExpressionPairs[i + 1]);
    }
    return columns;
  }

  @Test
  void derivesNumericColumnsAfterTheUserColumnsAndBeforeLineage(TestPipeline p) {
    PCollection<Row> out = create(p, "Create").apply(DeriveColumns.of(columns(
        "DECADE", "TIME_PERIOD / 10 * 10",
        "DOUBLED", "`Obs Value` * 2")));
    Schema expected = Schema.builder()
        .addField(SCHEMA.getField("NAME"))
        .addField(SCHEMA.getField("TIME_PERIOD"))
        .addField(SCHEMA.getField("Obs Value"))
        .addNullableField("DECADE", FieldType.INT32)
        .addNullableField("DOUBLED", FieldType.DOUBLE)
        .addNullableField(Lineage.FIELD, FieldType.STRING)
        .build();
    assertEquals(expected, out.getSchema());
    assertEquals("country name", out.getSchema().getField("NAME").getDescription());
    assertEquals(false, out.getSchema().getField("TIME_PERIOD").getType().getNullable());
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(expected).addValues("France", 1999, 1.5, 1990, 3.0, "a.csv:2").build(),
        Row.withSchema(expected).addValues("Germany", 2005, null, 2000, null, "a.csv:3").build(),
        Row.withSchema(expected).addValues(null, 2010, null, 2010, null, null).build());
    p.run();
  }

  @Test
  void stringExpressionsReplaceInPlaceAndLaterExpressionsSeeEarlierOnes(TestPipeline p) {
    PCollection<Row> out = create(p, "Create").apply(DeriveColumns.of(columns(
        "DECADE", "TIME_PERIOD / 10 * 10",
        "NAME", "UPPER(NAME)",
        "LABEL", "NAME || ' ' || CAST(DECADE AS VARCHAR)")));
    Schema expected = Schema.builder()
        .addNullableField("NAME", FieldType.STRING)
        .addField(SCHEMA.getField("TIME_PERIOD"))
        .addField(SCHEMA.getField("Obs Value"))
        .addNullableField("DECADE", FieldType.INT32)
        .addNullableField("LABEL", FieldType.STRING)
        .addNullableField(Lineage.FIELD, FieldType.STRING)
        .build();
    assertEquals(expected, out.getSchema());
    assertEquals(
        Arrays.asList("NAME", "TIME_PERIOD", "Obs Value", "DECADE", "LABEL", Lineage.FIELD),
        out.getSchema().getFieldNames());
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(expected).addValues("FRANCE", 1999, 1.5, 1990, "FRANCE 1990", "a.csv:2").build(),
        Row.withSchema(expected).addValues("GERMANY", 2005, null, 2000, "GERMANY 2000", "a.csv:3").build(),
        Row.withSchema(expected).addValues(null, 2010, null, 2010, null, null).build());
    p.run();
  }

  @Test
  void nullInputsGiveNullUnlessTheExpressionHandlesThem(TestPipeline p) {
    PCollection<Row> out = create(p, "Create").apply(DeriveColumns.of(columns(
        "VALUE_OR_ZERO", "COALESCE(`Obs Value`, 0.0)",
        "HAS_NAME", "NAME IS NOT NULL",
        "SUM", "`Obs Value` + TIME_PERIOD")));
    Schema expected = Lineage.withLineage(Schema.builder()
        .addField(SCHEMA.getField("NAME"))
        .addField(SCHEMA.getField("TIME_PERIOD"))
        .addField(SCHEMA.getField("Obs Value"))
        .addNullableField("VALUE_OR_ZERO", FieldType.DOUBLE)
        .addNullableField("HAS_NAME", FieldType.BOOLEAN)
        .addNullableField("SUM", FieldType.DOUBLE)
        .build());
    assertEquals(expected, out.getSchema());
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(expected).addValues("France", 1999, 1.5, 1.5, true, 2000.5, "a.csv:2").build(),
        Row.withSchema(expected).addValues("Germany", 2005, null, 0.0, true, null, "a.csv:3").build(),
        Row.withSchema(expected).addValues(null, 2010, null, 0.0, false, null, null).build());
    p.run();
  }

  @Test
  void replacingAColumnWithAnotherTypeKeepsItsPosition(TestPipeline p) {
    PCollection<Row> out = create(p, "Create").apply(DeriveColumns.of(columns(
        "TIME_PERIOD", "CAST(TIME_PERIOD AS VARCHAR)")));
    Schema expected = Schema.builder()
        .addField(SCHEMA.getField("NAME"))
        .addNullableField("TIME_PERIOD", FieldType.STRING)
        .addField(SCHEMA.getField("Obs Value"))
        .addNullableField(Lineage.FIELD, FieldType.STRING)
        .build();
    assertEquals(expected, out.getSchema());
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(expected).addValues("France", "1999", 1.5, "a.csv:2").build(),
        Row.withSchema(expected).addValues("Germany", "2005", null, "a.csv:3").build(),
        Row.withSchema(expected).addValues(null, "2010", null, null).build());
    p.run();
  }

  @Test
  void emptyInputGivesNoRowsWithTheDerivedSchema(TestPipeline p) {
    PCollection<Row> out = p.apply(Create.empty(SCHEMA))
        .apply(DeriveColumns.of(columns("DECADE", "TIME_PERIOD / 10 * 10")));
    assertEquals(
        Arrays.asList("NAME", "TIME_PERIOD", "Obs Value", "DECADE", Lineage.FIELD),
        out.getSchema().getFieldNames());
    PAssert.that(out).empty();
    p.run();
  }

  @Test
  void unknownColumnFailsAtExpandNamingTheColumnAndThePositionInTheExpression() {
    assertEquals(
        "DeriveColumns: invalid expression for 'X' ('TIME_PERIOD + NOPE'): "
            + "From line 1, column 15 to line 1, column 18: Column 'NOPE' not found in any table",
        expandError(columns("X", "TIME_PERIOD + NOPE")));
    assertEquals(
        "DeriveColumns: invalid expression for 'Y' ('time_period * 2'): "
            + "From line 1, column 1 to line 1, column 11: "
            + "Column 'time_period' not found in any table; did you mean 'TIME_PERIOD'?",
        expandError(columns("X", "TIME_PERIOD + 1", "Y", "time_period * 2")));
  }

  @Test
  void syntaxErrorFailsAtExpandNamingTheColumnAndThePositionInTheExpression() {
    assertEquals(
        "DeriveColumns: invalid expression for 'X' ('TIME_PERIOD +* 1'): "
            + "Encountered \"+ *\" at line 1, column 13.",
        expandError(columns("X", "TIME_PERIOD +* 1")));
    // The generated query closes the expression's parenthesis itself, so Calcite stumbles on the
    // generated "AS" after it; the position is still mapped to just past the end of the expression.
    assertEquals(
        "DeriveColumns: invalid expression for 'Y' ('UPPER(NAME'): "
            + "Encountered \"AS\" at line 1, column 11.",
        expandError(columns("X", "TIME_PERIOD + 1", "Y", "UPPER(NAME")));
  }

  @Test
  void ofRejectsEmptyReservedAndBlankArguments() {
    assertEquals("columnToSqlExpression must name at least one column, got {}",
        assertThrows(IllegalArgumentException.class, () -> DeriveColumns.of(Map.of())).getMessage());
    assertEquals("cannot derive reserved column __bl_source",
        assertThrows(IllegalArgumentException.class,
            () -> DeriveColumns.of(columns(Lineage.FIELD, "'x'"))).getMessage());
    assertEquals("expression for column X must not be blank, got  ",
        assertThrows(IllegalArgumentException.class, () -> DeriveColumns.of(columns("X", " "))).getMessage());
    assertEquals("column names must not be blank, got  ",
        assertThrows(IllegalArgumentException.class, () -> DeriveColumns.of(columns(" ", "1"))).getMessage());
  }

  private static String expandError(Map<String, String> columns) {
    PCollection<Row> in = create(Pipeline.create(), "Create");
    return assertThrows(IllegalArgumentException.class, () -> in.apply(DeriveColumns.of(columns)))
        .getMessage();
  }
}
