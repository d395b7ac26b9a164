package org.beamlake.combine;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * 3,000 rows {@code (k, v)} for the lifted SQL aggregations' tests: row i has key {@code "k" + (i %
 * 50)} and value i, null where i is a multiple of 7.
 */
public final class KeyedValuesWithNulls {
  public static final Schema SCHEMA =
      Schema.builder().addStringField("k").addNullableField("v", Schema.FieldType.DOUBLE).build();
  public static final int KEYS = 50;
  private static final int ROWS = 3000;

  private KeyedValuesWithNulls() {}

  public static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(Row.withSchema(SCHEMA).addValues("k" + (i % KEYS), i % 7 == 0 ? null : (double) i).build());
    }
    return rows;
  }

  /** The non-null values of key {@code "k" + k}, ascending: k, k + 50, ..., k + 2950 without the multiples of 7. */
  public static List<Double> values(int k) {
    List<Double> values = new ArrayList<>();
    for (int v = k; v < ROWS; v += KEYS) {
      if (v % 7 != 0) {
        values.add((double) v);
      }
    }
    return values;
  }
}
