package org.beamlake.clean;

import static org.beamlake.clean.TestRows.row;
import static org.beamlake.clean.TestRows.rows;
import static org.beamlake.clean.TestRows.schema;
import static org.beamlake.schema.ColumnType.DECIMAL;
import static org.beamlake.schema.ColumnType.DOUBLE;
import static org.beamlake.schema.ColumnType.INT;
import static org.beamlake.schema.ColumnType.STRING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ProfileColumnsTest {
  static final Schema IN =
      schema("UNIT", STRING, "FLAG", STRING, "OBS_VALUE", DOUBLE, "YEAR", INT, "NOTE", STRING);
  static final Row R1 = row(IN, "EUR", null, 1.5, null, "x", "a.csv:2");
  static final Row R2 = row(IN, "EUR", null, null, 2020, "x", "a.csv:3");
  static final Row R3 = row(IN, "EUR", null, 2.5, 2021, null, "a.csv:4");

  @Test
  void profilesConstantAllNullAndVariedColumnsButNotTheLineage(TestPipeline p) {
    PCollection<ColumnProfile> profiles = rows(p, IN, R1, R2, R3).apply(ProfileColumns.of());

    PAssert.that(profiles)
        .containsInAnyOrder(
            new ColumnProfile("UNIT", 3, 0, true, false),
            new ColumnProfile("FLAG", 3, 3, true, true),
            new ColumnProfile("OBS_VALUE", 3, 1, false, false),
            new ColumnProfile("YEAR", 3, 1, false, false),
            new ColumnProfile("NOTE", 3, 1, false, false));
    p.run();
  }

  @Test
  void emptyInputGivesProfilesOfNoRowsThatDecideNothing(TestPipeline p) {
    PCollection<ColumnProfile> profiles = rows(p, IN).apply(ProfileColumns.of());

    PAssert.that(profiles)
        .containsInAnyOrder(
            new ColumnProfile("UNIT", 0, 0, false, false),
            new ColumnProfile("FLAG", 0, 0, false, false),
            new ColumnProfile("OBS_VALUE", 0, 0, false, false),
            new ColumnProfile("YEAR", 0, 0, false, false),
            new ColumnProfile("NOTE", 0, 0, false, false));
    p.run();
  }

  @Test
  void mergingInAnyOrderGivesTheSameProfiles() throws Exception {
    ProfileCombineFn fn = new ProfileCombineFn(IN);
    Coder<ProfileCombineFn.Accumulator> coder =
        fn.getAccumulatorCoder(CoderRegistry.createDefault(), null);
    List<ColumnProfile> whole = fn.apply(List.of(R1, R2, R3));
    for (List<Row> order : List.of(List.of(R1, R2, R3), List.of(R3, R1, R2), List.of(R2, R3, R1))) {
      ProfileCombineFn.Accumulator first = fn.addInput(fn.createAccumulator(), order.get(0));
      ProfileCombineFn.Accumulator rest =
          fn.addInput(fn.addInput(fn.createAccumulator(), order.get(1)), order.get(2));
      ProfileCombineFn.Accumulator merged =
          fn.mergeAccumulators(
              List.of(
                  CoderUtils.clone(coder, rest),
                  fn.createAccumulator(),
                  CoderUtils.clone(coder, first)));
      assertEquals(whole, fn.extractOutput(merged));
    }
  }

  @Test
  void decimalsEqualInValueAreConstant() {
    Schema decimals = schema("D", DECIMAL);
    ProfileCombineFn fn = new ProfileCombineFn(decimals);
    List<ColumnProfile> profiles =
        fn.apply(
            List.of(
                row(decimals, new BigDecimal("1.0"), "a"),
                row(decimals, new BigDecimal("1.00"), "b")));
    assertEquals(List.of(new ColumnProfile("D", 2, 0, true, false)), profiles);
  }

  @Test
  void profileCoderIsDeterministicAndRoundTrips() throws Exception {
    CoderProperties.coderDeterministic(
        ColumnProfileCoder.of(),
        new ColumnProfile("A", 3, 3, true, true),
        new ColumnProfile("A", 3, 3, true, true));
    CoderProperties.coderDecodeEncodeEqual(
        ColumnProfileCoder.of(), new ColumnProfile("B", 5, 1, false, false));
  }
}
