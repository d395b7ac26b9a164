package org.beamlake.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.StepCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class JoinDatasetsTest {
  static final Schema OBSERVATIONS = Lineage.withLineage(Schema.builder()
      .addNullableField("REF_AREA", FieldType.STRING)
      .addField("TIME_PERIOD", FieldType.INT32)
      .addNullableField("OBS_VALUE", FieldType.DOUBLE)
      .build());

  /** POPULATION is NOT NULL here; the join makes it nullable. */
  static final Schema COUNTRIES = Lineage.withLineage(Schema.builder()
      .addField("COUNTRY", FieldType.STRING)
      .addNullableField("REF_AREA", FieldType.STRING)
      .addField("POPULATION", FieldType.INT64)
      .build());

  static final Schema JOINED = Schema.builder()
      .addNullableField("REF_AREA", FieldType.STRING)
      .addField("TIME_PERIOD", FieldType.INT32)
      .addNullableField("OBS_VALUE", FieldType.DOUBLE)
      .addNullableField("COUNTRY", FieldType.STRING)
      .addNullableField("POPULATION", FieldType.INT64)
      .addNullableField(Lineage.FIELD, FieldType.STRING)
      .build();

  static final Row FR_1999 = obs("FR", 1999, 1.0, "obs.csv:2");
  static final Row FR_2000 = obs("FR", 2000, null, "obs.csv:3");
  static final Row DE_2000 = obs("DE", 2000, 2.0, "obs.csv:4");
  static final Row XX_2000 = obs("XX", 2000, 3.0, "obs.csv:5");
  static final Row NULL_AREA = obs(null, 2000, 4.0, "obs.csv:6");
  static final Row BE_2000 = obs("BE", 2000, 5.0, "obs.csv:7");

  static final Row FRANCE = country("France", "FR", 68L, "countries.csv:2");
  static final Row GERMANY = country("Germany", "DE", 84L, "countries.csv:3");
  static final Row BELGIUM = country("Belgium", "BE", 11L, "countries.csv:4");
  static final Row BELGIQUE = country("Belgique", "BE", 11L, "countries.csv:5");
  static final Row NOWHERE = country("Nowhere", null, 0L, "countries.csv:6");

  static final Row FR_1999_JOINED = joined("FR", 1999, 1.0, "France", 68L, "obs.csv:2");
  static final Row FR_2000_JOINED = joined("FR", 2000, null, "France", 68L, "obs.csv:3");
  static final Row DE_2000_JOINED = joined("DE", 2000, 2.0, "Germany", 84L, "obs.csv:4");
  static final Row XX_2000_UNMATCHED = joined("XX", 2000, 3.0, null, null, "obs.csv:5");
  static final Row NULL_AREA_UNMATCHED = joined(null, 2000, 4.0, null, null, "obs.csv:6");

  static final QuarantinedRecord BE_REJECTED = new QuarantinedRecord(
      "join", "join(countries)", "key (REF_AREA)=(BE) matches 2 rows in countries",
      "{\"REF_AREA\":\"BE\",\"TIME_PERIOD\":2000,\"OBS_VALUE\":5.0}", "obs.csv:7");

  static Row obs(String area, int period, Double value, String source) {
    return Row.withSchema(OBSERVATIONS).addValues(area, period, value, source).build();
  }

  static Row country(String name, String area, long population, String source) {
    return Row.withSchema(COUNTRIES).addValues(name, area, population, source).build();
  }

  static Row joined(String area, int period, Double value, String country, Long population, String source) {
    return Row.withSchema(JOINED).addValues(area, period, value, country, population, source).build();
  }

  static PCollection<Row> observations(Pipeline p, String name) {
    return p.apply(name, Create.of(Arrays.asList(FR_1999, FR_2000, DE_2000, XX_2000, NULL_AREA, BE_2000))
        .withRowSchema(OBSERVATIONS));
  }

  static PCollection<Row> countries(Pipeline p, String name) {
    return p.apply(name, Create.of(Arrays.asList(FRANCE, GERMANY, BELGIUM, BELGIQUE, NOWHERE))
        .withRowSchema(COUNTRIES));
  }

  static RowResult join(Pipeline p, String name, boolean inner, boolean broadcast) {
    JoinDatasets join = JoinDatasets.with("countries", countries(p, name + "Countries"), List.of("REF_AREA"))
        .broadcast(broadcast);
    return observations(p, name + "Observations").apply(name, inner ? join.inner() : join.left());
  }

  /** What the join counted, summed over its bundles. */
  static PCollection<KV<String, Long>> summed(RowResult result, boolean broadcast) {
    return result.counts().apply((broadcast ? "Broadcast" : "Shuffle") + "SumCounts", Sum.longsPerKey());
  }

  @Test
  void leftJoinKeepsUnmatchedRowsWithNullRightColumnsOnBothPaths(TestPipeline p) {
    for (boolean broadcast : new boolean[] {true, false}) {
      RowResult result = join(p, broadcast ? "Broadcast" : "Shuffle", false, broadcast);
      assertEquals(JOINED, result.rows().getSchema());
      PAssert.that(result.rows()).containsInAnyOrder(
          FR_1999_JOINED, FR_2000_JOINED, DE_2000_JOINED, XX_2000_UNMATCHED, NULL_AREA_UNMATCHED);
      PAssert.that(result.rejects()).containsInAnyOrder(BE_REJECTED);
      PAssert.that(summed(result, broadcast)).containsInAnyOrder(
          KV.of(StepCounts.IN, 6L), KV.of(StepCounts.ROWS, 5L), KV.of(StepCounts.REJECTS, 1L));
    }
    p.run();
  }

  @Test
  void innerJoinDropsUnmatchedRowsOnBothPaths(TestPipeline p) {
    for (boolean broadcast : new boolean[] {true, false}) {
      RowResult result = join(p, broadcast ? "Broadcast" : "Shuffle", true, broadcast);
      assertEquals(JOINED, result.rows().getSchema());
      PAssert.that(result.rows()).containsInAnyOrder(FR_1999_JOINED, FR_2000_JOINED, DE_2000_JOINED);
      PAssert.that(result.rejects()).containsInAnyOrder(BE_REJECTED);
      // XX has no match and the null key matches nothing: both dropped, one by each of the grouped join's steps.
      PAssert.that(summed(result, broadcast)).containsInAnyOrder(KV.of(StepCounts.IN, 6L), KV.of(StepCounts.ROWS, 3L),
          KV.of(StepCounts.REJECTS, 1L), KV.of(StepCounts.DROPPED, 2L));
    }
    p.run();
  }

  @Test
  void defaultIsALeftBroadcastJoin(TestPipeline p) {
    RowResult result = observations(p, "Observations")
        .apply(JoinDatasets.with("countries", countries(p, "Countries"), List.of("REF_AREA")));
    PAssert.that(result.rows()).containsInAnyOrder(
        FR_1999_JOINED, FR_2000_JOINED, DE_2000_JOINED, XX_2000_UNMATCHED, NULL_AREA_UNMATCHED);
    PAssert.that(result.rejects()).containsInAnyOrder(BE_REJECTED);
    p.run();
  }

  @Test
  void joinsOnSeveralKeysAndNamesThemAllInRejects(TestPipeline p) {
    Schema left = Lineage.withLineage(Schema.builder()
        .addNullableField("A", FieldType.INT64).addNullableField("B", FieldType.STRING)
        .addNullableField("V", FieldType.INT32).build());
    Schema right = Lineage.withLineage(Schema.builder()
        .addNullableField("B", FieldType.STRING).addNullableField("A", FieldType.INT64)
        .addNullableField("W", FieldType.STRING).build());
    Schema out = Lineage.withLineage(Schema.builder()
        .addNullableField("A", FieldType.INT64).addNullableField("B", FieldType.STRING)
        .addNullableField("V", FieldType.INT32).addNullableField("W", FieldType.STRING).build());
    for (boolean broadcast : new boolean[] {true, false}) {
      String name = broadcast ? "Broadcast" : "Shuffle";
      PCollection<Row> rightRows = p.apply(name + "Right", Create.of(
              TestRows.row(right, "x", 1L, "one-x", "r:1"),
              TestRows.row(right, "y", 1L, "one-y", "r:2"),
              TestRows.row(right, "x", 2L, "two-x", "r:3"),
              TestRows.row(right, "x", 2L, "two-x again", "r:4"))
          .withRowSchema(right));
      RowResult result = p.apply(name + "Left", Create.of(
              TestRows.row(left, 1L, "x", 10, "l:1"),
              TestRows.row(left, 1L, "y", 20, "l:2"),
              TestRows.row(left, 1L, "z", 30, "l:3"),
              TestRows.row(left, 2L, "x", 40, "l:4"),
              TestRows.row(left, null, "x", 50, "l:5"))
          .withRowSchema(left))
          .apply(name, JoinDatasets.with("pairs", rightRows, List.of("A", "B")).inner().broadcast(broadcast));
      assertEquals(out, result.rows().getSchema());
      PAssert.that(result.rows()).containsInAnyOrder(
          TestRows.row(out, 1L, "x", 10, "one-x", "l:1"),
          TestRows.row(out, 1L, "y", 20, "one-y", "l:2"));
      PAssert.that(result.rejects()).containsInAnyOrder(new QuarantinedRecord(
          "join", "join(pairs)", "key (A, B)=(2, x) matches 2 rows in pairs",
          "{\"A\":2,\"B\":\"x\",\"V\":40}", "l:4"));
    }
    p.run();
  }

  @Test
  void emptyLeftGivesNothingAndEmptyRightLeavesEveryRowUnmatched(TestPipeline p) {
    for (boolean broadcast : new boolean[] {true, false}) {
      String name = broadcast ? "Broadcast" : "Shuffle";
      RowResult emptyLeft = p.apply(name + "NoObservations", Create.empty(OBSERVATIONS))
          .apply(name + "EmptyLeft",
              JoinDatasets.with("countries", countries(p, name + "Countries"), List.of("REF_AREA"))
                  .broadcast(broadcast));
      PAssert.that(emptyLeft.rows()).empty();
      PAssert.that(emptyLeft.rejects()).empty();

      PCollection<Row> noCountries = p.apply(name + "NoCountries", Create.empty(COUNTRIES));
      RowResult left = observations(p, name + "ObservationsLeft")
          .apply(name + "EmptyRightLeft",
              JoinDatasets.with("countries", noCountries, List.of("REF_AREA")).left().broadcast(broadcast));
      assertEquals(JOINED, left.rows().getSchema());
      PAssert.that(left.rows()).containsInAnyOrder(
          joined("FR", 1999, 1.0, null, null, "obs.csv:2"),
          joined("FR", 2000, null, null, null, "obs.csv:3"),
          joined("DE", 2000, 2.0, null, null, "obs.csv:4"),
          XX_2000_UNMATCHED,
          NULL_AREA_UNMATCHED,
          joined("BE", 2000, 5.0, null, null, "obs.csv:7"));
      PAssert.that(left.rejects()).empty();

      RowResult inner = observations(p, name + "ObservationsInner")
          .apply(name + "EmptyRightInner",
              JoinDatasets.with("countries", noCountries, List.of("REF_AREA")).inner().broadcast(broadcast));
      PAssert.that(inner.rows()).empty();
      PAssert.that(inner.rejects()).empty();
    }
    p.run();
  }

  @Test
  void aNonKeyColumnOnBothSidesFailsAtExpand() {
    Schema right = Lineage.withLineage(Schema.builder()
        .addNullableField("REF_AREA", FieldType.STRING).addNullableField("OBS_VALUE", FieldType.DOUBLE).build());
    assertEquals("join with 'values': column 'OBS_VALUE' is on both sides; rename one first",
        expandError("values", right, List.of("REF_AREA")));
  }

  @Test
  void unknownKeyColumnFailsAtExpandListingTheColumns() {
    assertEquals("join with 'countries': key column 'COUNTRY' is not a column of the left side; "
            + "columns: [REF_AREA, TIME_PERIOD, OBS_VALUE]",
        expandError("countries", COUNTRIES, List.of("COUNTRY")));
    assertEquals("join with 'countries': key column 'TIME_PERIOD' is not a column of 'countries'; "
            + "columns: [COUNTRY, REF_AREA, POPULATION]",
        expandError("countries", COUNTRIES, List.of("REF_AREA", "TIME_PERIOD")));
  }

  @Test
  void keyColumnsOfDifferentTypesFailAtExpand() {
    Schema right = Lineage.withLineage(Schema.builder()
        .addField("TIME_PERIOD", FieldType.INT64).addNullableField("LABEL", FieldType.STRING).build());
    assertEquals("join with 'periods': key column 'TIME_PERIOD' is INT32 on the left but INT64 in 'periods'",
        expandError("periods", right, List.of("TIME_PERIOD")));
  }

  @Test
  void onlyABroadcastJoinRunsAsARowStep() {
    PCollection<Row> right = countries(Pipeline.create(), "Countries");
    assertEquals("join with 'countries': only a broadcast join runs as a row step",
        assertThrows(IllegalArgumentException.class, () -> JoinDatasets.with("countries", right, List.of("REF_AREA"))
            .broadcast(false).asRowStep("Join", OBSERVATIONS)).getMessage());
    assertEquals(JOINED, JoinDatasets.with("countries", right, List.of("REF_AREA")).asRowStep("Join", OBSERVATIONS)
        .outputSchema());
  }

  @Test
  void withRejectsBadArguments() {
    PCollection<Row> right = countries(Pipeline.create(), "Countries");
    assertEquals("keys must name at least one column, got []",
        assertThrows(IllegalArgumentException.class,
            () -> JoinDatasets.with("countries", right, List.of())).getMessage());
    assertEquals("keys must be user columns, got reserved column __bl_source",
        assertThrows(IllegalArgumentException.class,
            () -> JoinDatasets.with("countries", right, List.of(Lineage.FIELD))).getMessage());
    assertEquals("rightName must not be blank, got  ",
        assertThrows(IllegalArgumentException.class,
            () -> JoinDatasets.with(" ", right, List.of("REF_AREA"))).getMessage());
  }

  private static String expandError(String rightName, Schema rightSchema, List<String> keys) {
    Pipeline p = Pipeline.create();
    PCollection<Row> left = observations(p, "Observations");
    PCollection<Row> right = p.apply("Right", Create.empty(rightSchema));
    return assertThrows(IllegalArgumentException.class,
        () -> left.apply(JoinDatasets.with(rightName, right, keys))).getMessage();
  }
}
