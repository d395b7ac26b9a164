package org.beamlake.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
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
class DeduplicateTest {
  static final Schema SCHEMA = Lineage.withLineage(Schema.builder()
      .addNullableField("REF_AREA", FieldType.STRING)
      .addNullableField("TIME_PERIOD", FieldType.INT32)
      .addNullableField("VERSION", FieldType.INT64)
      .addNullableField("OBS_VALUE", FieldType.DOUBLE)
      .build());

  static Row row(String area, Integer period, Long version, Double value, String source) {
    return Row.withSchema(SCHEMA).addValues(area, period, version, value, source).build();
  }

  static PCollection<Row> create(Pipeline p, Row... rows) {
    return p.apply(Create.of(Arrays.asList(rows)).withRowSchema(SCHEMA));
  }

  @Test
  void withoutOrderColumnKeepsTheRowWithTheSmallestLineage(TestPipeline p) {
    PCollection<Row> out = create(p,
        row("FR", 2000, null, 1.0, "a.csv:3"),
        row("FR", 2001, null, 2.0, "a.csv:2"),
        row("FR", 2002, null, 3.0, "b.csv:1"),
        row("DE", 2000, null, 4.0, "a.csv:4"))
        .apply(Deduplicate.byKey(List.of("REF_AREA")));
    assertEquals(SCHEMA, out.getSchema());
    PAssert.that(out).containsInAnyOrder(
        row("FR", 2001, null, 2.0, "a.csv:2"),
        row("DE", 2000, null, 4.0, "a.csv:4"));
    p.run();
  }

  @Test
  void keepLatestByKeepsTheGreatestValueWithNullsLowest(TestPipeline p) {
    PCollection<Row> out = create(p,
        row("FR", 2000, null, 1.0, "a.csv:1"),
        row("FR", 2000, 2L, 2.0, "a.csv:2"),
        row("FR", 2000, 1L, 3.0, "a.csv:3"),
        row("DE", 2000, null, 4.0, "a.csv:5"),
        row("DE", 2000, -7L, 5.0, "a.csv:6"))
        .apply(Deduplicate.byKey(List.of("REF_AREA", "TIME_PERIOD")).keepLatestBy("VERSION"));
    PAssert.that(out).containsInAnyOrder(
        row("FR", 2000, 2L, 2.0, "a.csv:2"),
        row("DE", 2000, -7L, 5.0, "a.csv:6"));
    p.run();
  }

  @Test
  void tiesOnTheOrderColumnKeepTheSmallestLineageThenTheSmallestPayload(TestPipeline p) {
    PCollection<Row> out = create(p,
        row("FR", 2000, 5L, 1.0, "b.csv:1"),
        row("FR", 2001, 5L, 2.0, "a.csv:9"),
        row("FR", 1999, 4L, 3.0, "a.csv:1"),
        row("DE", 2000, null, 9.0, "c.csv:1"),
        row("DE", 2000, null, 8.0, "c.csv:2"),
        row("IT", 2000, 1L, 2.5, null),
        row("IT", 2000, 1L, 1.5, null),
        row("IT", 1999, 1L, 0.5, "a.csv:1"))
        .apply(Deduplicate.byKey(List.of("REF_AREA")).keepLatestBy("VERSION"));
    PAssert.that(out).containsInAnyOrder(
        row("FR", 2001, 5L, 2.0, "a.csv:9"),
        row("DE", 2000, null, 9.0, "c.csv:1"),
        // a missing lineage counts as the smallest; then {"...":1.5} < {"...":2.5}
        row("IT", 2000, 1L, 1.5, null));
    p.run();
  }

  @Test
  void nullIsAKeyValueLikeAnyOther(TestPipeline p) {
    PCollection<Row> out = create(p,
        row(null, 2000, null, 1.0, "a.csv:2"),
        row(null, 2000, null, 2.0, "a.csv:1"),
        row(null, null, null, 3.0, "a.csv:3"),
        row(null, null, null, 4.0, "a.csv:4"),
        row("FR", null, null, 5.0, "a.csv:5"))
        .apply(Deduplicate.byKey(List.of("REF_AREA", "TIME_PERIOD")));
    PAssert.that(out).containsInAnyOrder(
        row(null, 2000, null, 2.0, "a.csv:1"),
        row(null, null, null, 3.0, "a.csv:3"),
        row("FR", null, null, 5.0, "a.csv:5"));
    p.run();
  }

  @Test
  void keysCompareAsValuesSoDecimalScaleAndNegativeZeroDoNotSplitAKey(TestPipeline p) {
    Schema schema = Lineage.withLineage(Schema.builder()
        .addNullableField("AMOUNT", FieldType.DECIMAL)
        .addNullableField("RATE", FieldType.DOUBLE)
        .build());
    PCollection<Row> out = p.apply(Create.of(
            Row.withSchema(schema).addValues(new BigDecimal("1.0"), 0.0, "a.csv:2").build(),
            Row.withSchema(schema).addValues(new BigDecimal("1.00"), -0.0, "a.csv:1").build(),
            Row.withSchema(schema).addValues(new BigDecimal("10"), 0.0, "a.csv:3").build())
        .withRowSchema(schema))
        .apply(Deduplicate.byKey(List.of("AMOUNT", "RATE")));
    PAssert.that(out).containsInAnyOrder(
        Row.withSchema(schema).addValues(new BigDecimal("1.00"), -0.0, "a.csv:1").build(),
        Row.withSchema(schema).addValues(new BigDecimal("10"), 0.0, "a.csv:3").build());
    p.run();
  }

  @Test
  void byKeyRejectsMissingBlankDuplicateAndReservedColumns() {
    assertThrows(IllegalArgumentException.class, () -> Deduplicate.byKey(null));
    assertThrows(IllegalArgumentException.class, () -> Deduplicate.byKey(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Deduplicate.byKey(Arrays.asList("A", null)));
    assertThrows(IllegalArgumentException.class, () -> Deduplicate.byKey(List.of(" ")));
    assertThrows(IllegalArgumentException.class, () -> Deduplicate.byKey(List.of("A", "A")));
    IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
        () -> Deduplicate.byKey(List.of(Lineage.FIELD)));
    assertEquals("keyColumns must be user columns, got reserved column __bl_source", reserved.getMessage());
  }

  @Test
  void keepLatestByRejectsBlankAndReservedColumns() {
    Deduplicate dedupe = Deduplicate.byKey(List.of("REF_AREA"));
    assertThrows(IllegalArgumentException.class, () -> dedupe.keepLatestBy(null));
    assertThrows(IllegalArgumentException.class, () -> dedupe.keepLatestBy(""));
    assertThrows(IllegalArgumentException.class, () -> dedupe.keepLatestBy(Lineage.FIELD));
  }

  @Test
  void unknownColumnsFailAtExpand() {
    Pipeline p = Pipeline.create();
    PCollection<Row> in = create(p, row("FR", 2000, 1L, 1.0, "a.csv:1"));
    IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
        () -> in.apply("ByArea", Deduplicate.byKey(List.of("AREA"))));
    assertEquals("Deduplicate: key column 'AREA' is not a column; columns: "
        + "[REF_AREA, TIME_PERIOD, VERSION, OBS_VALUE]", key.getMessage());
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
        () -> in.apply("ByVersion", Deduplicate.byKey(List.of("REF_AREA")).keepLatestBy("VERSIONS")));
    assertEquals("Deduplicate: order column 'VERSIONS' is not a column; columns: "
        + "[REF_AREA, TIME_PERIOD, VERSION, OBS_VALUE]", order.getMessage());
  }

  @Test
  void columnsWithoutOrderOrNotKeyableFailAtExpand() {
    Schema schema = Lineage.withLineage(Schema.builder()
        .addNullableField("ID", FieldType.STRING)
        .addNullableField("TAGS", FieldType.array(FieldType.STRING))
        .addNullableField("BLOB", FieldType.BYTES)
        .build());
    Pipeline p = Pipeline.create();
    PCollection<Row> in = p.apply(Create.empty(RowCoder.of(schema)));
    IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
        () -> in.apply("ByTags", Deduplicate.byKey(List.of("TAGS"))));
    assertEquals("Deduplicate: key column 'TAGS' has type ARRAY, which cannot be a key", key.getMessage());
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
        () -> in.apply("ByBlob", Deduplicate.byKey(List.of("ID")).keepLatestBy("BLOB")));
    assertEquals("Deduplicate: order column 'BLOB' has type BYTES, which has no order", order.getMessage());
  }
}
