package org.beamlake.clean;

import static org.beamlake.clean.TestRows.row;
import static org.beamlake.clean.TestRows.schema;
import static org.beamlake.schema.ColumnType.DECIMAL;
import static org.beamlake.schema.ColumnType.DOUBLE;
import static org.beamlake.schema.ColumnType.LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.Row;
import org.beamlake.sql.ExactMean;
import org.junit.jupiter.api.Test;

class ExactMeanFnTest {
  static final Schema IN = schema("D", DOUBLE, "L", LONG, "M", DECIMAL);
  static final ExactMeanFn FN = new ExactMeanFn(IN, List.of("D", "L", "M"));

  @Test
  void meanDoesNotDependOnOrderOrSplitting() throws Exception {
    List<Row> rows = new ArrayList<>();
    double[] values = {0.1, 0.2, 0.3, 1e16, -1e16, 1.0 / 3, 7e-17};
    for (int i = 0; i < values.length; i++) {
      rows.add(row(IN, values[i], (long) i, new BigDecimal(i + ".10"), "r" + i));
    }
    Row expected = FN.apply(rows);
    Coder<ExactMean[]> coder = FN.getAccumulatorCoder(CoderRegistry.createDefault(), null);
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(rows, random);
      int split = 1 + random.nextInt(rows.size() - 1);
      ExactMean[] left = FN.createAccumulator();
      ExactMean[] right = FN.createAccumulator();
      rows.subList(0, split).forEach(r -> FN.addInput(left, r));
      rows.subList(split, rows.size()).forEach(r -> FN.addInput(right, r));
      Row merged =
          FN.extractOutput(
              FN.mergeAccumulators(
                  List.of(CoderUtils.clone(coder, right), CoderUtils.clone(coder, left))));
      assertEquals(expected, merged);
    }
    // A naive double sum in two orders differs; the exact sum does not.
    assertNotEquals(0.1 + 0.2 + 0.3 + 1e16 - 1e16, 1e16 - 1e16 + 0.1 + 0.2 + 0.3);
    double exactMean =
        new BigDecimal(0.1)
            .add(new BigDecimal(0.2))
            .add(new BigDecimal(0.3))
            .add(new BigDecimal(1.0 / 3))
            .add(new BigDecimal(7e-17))
            .divide(BigDecimal.valueOf(7), java.math.MathContext.DECIMAL128)
            .doubleValue();
    assertEquals(exactMean, expected.getDouble("D"));
    assertEquals(3L, expected.getInt64("L"));
    assertEquals(new BigDecimal("3.10"), expected.getDecimal("M"));
  }

  /**
   * Integers past 2^53 are not doubles: 2^53 + 1 is added as a decimal, not rounded to 2^53 (which
   * would make the mean below 2^52 + 0.5, rounded to the even 2^52).
   */
  @Test
  void integersPastWhatADoubleHoldsAreSummedExactly() {
    long big = (1L << 53) + 1;
    Row means = FN.apply(List.of(row(IN, null, big, null, "a"), row(IN, null, 1L, null, "b")));
    assertEquals((1L << 52) + 1, means.getInt64("L"));
    Row extremes = FN.apply(List.of(row(IN, null, Long.MAX_VALUE, null, "a"),
        row(IN, null, Long.MAX_VALUE, null, "b"), row(IN, null, 1L, null, "c")));
    assertEquals(6148914691236517205L, extremes.getInt64("L")); // (2^64 - 1) / 3, exactly
  }

  @Test
  void columnsWithoutValuesHaveNoMean() {
    Row means = FN.apply(List.of(row(IN, null, null, null, "r")));
    assertEquals(Row.withSchema(FN.meanSchema()).addValues(null, null, null).build(), means);
  }

  @Test
  void infinitiesAndNanFollowDoubleArithmetic() {
    Row inf =
        FN.apply(
            List.of(row(IN, Double.POSITIVE_INFINITY, 1L, null, "a"), row(IN, 1.0, 1L, null, "b")));
    assertEquals(Double.POSITIVE_INFINITY, inf.getDouble("D"));
    Row nan =
        FN.apply(
            List.of(
                row(IN, Double.POSITIVE_INFINITY, null, null, "a"),
                row(IN, Double.NEGATIVE_INFINITY, null, null, "b")));
    assertEquals(Double.NaN, nan.getDouble("D"));
  }
}
