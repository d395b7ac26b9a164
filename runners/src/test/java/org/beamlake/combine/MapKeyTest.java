package org.beamlake.combine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** Map keys: equal exactly when the structural values are, with hashes spread over the fields. */
class MapKeyTest {
  private static final Schema PAIR = Schema.builder()
      .addStringField("country").addStringField("indicator").build();

  /** The benchmark's keys: 250 three-letter countries AAA, AAB, ... AJP by 1,500 indicators. */
  private static List<Row> benchmarkKeys() {
    List<Row> keys = new java.util.ArrayList<>();
    for (int c = 0; c < 250; c++) {
      String country = "A" + (char) ('A' + c / 26) + (char) ('A' + c % 26);
      for (int i = 0; i < 1500; i++) {
        keys.add(Row.withSchema(PAIR).addValues(country, String.format("IND%04d", i)).build());
      }
    }
    return keys;
  }

  @Test
  void spreadsKeysThatRowHashCodePilesUp() {
    List<Row> keys = benchmarkKeys();
    assertEquals("AJP", keys.get(keys.size() - 1).getString("country"));
    Set<Integer> rowHashes = new HashSet<>();
    Set<Integer> mapKeyHashes = new HashSet<>();
    for (Row key : keys) {
      rowHashes.add(key.hashCode());
      mapKeyHashes.add(MapKey.of(RowCoder.of(PAIR), key).hashCode());
    }
    assertEquals(375_000, keys.size());
    assertEquals(10_110, rowHashes.size());
    assertEquals(374_980, mapKeyHashes.size());
  }

  @Test
  void equalWhenTheStructuralValuesAreEqual() {
    RowCoder coder = RowCoder.of(PAIR);
    Map<MapKey, Integer> map = new HashMap<>();
    for (Row key : benchmarkKeys()) {
      map.merge(MapKey.of(coder, key), 1, Integer::sum);
      // A second row with the same values, built apart from the first: the same map key.
      Row again = Row.withSchema(PAIR).addValues(key.getString(0), key.getString(1)).build();
      map.merge(MapKey.of(coder, again), 1, Integer::sum);
    }
    assertEquals(375_000, map.size());
    assertEquals(Set.of(2), new HashSet<>(map.values()));
    assertEquals(MapKey.of(coder, Row.withSchema(PAIR).addValues("AAA", "IND0000").build()),
        MapKey.of(coder, Row.withSchema(PAIR).addValues("AAA", "IND0000").build()));
    assertNotEquals(MapKey.of(coder, Row.withSchema(PAIR).addValues("AAA", "IND0000").build()),
        MapKey.of(coder, Row.withSchema(PAIR).addValues("AAA", "IND0001").build()));
  }

  @Test
  void comparesBytesAndNullsAsAGroupByKeyDoes() {
    // Byte arrays: equal contents are one key (the coder's structural value), as GroupByKey groups them.
    assertEquals(MapKey.of(ByteArrayCoder.of(), new byte[] {1, 2}), MapKey.of(ByteArrayCoder.of(), new byte[] {1, 2}));
    assertNotEquals(MapKey.of(ByteArrayCoder.of(), new byte[] {1, 2}), MapKey.of(ByteArrayCoder.of(), new byte[] {2, 1}));
    // Rows with a bytes field and a null: equal by contents, as Row.equals compares them.
    Schema withBytes = Schema.builder().addByteArrayField("b").addNullableField("s", Schema.FieldType.STRING).build();
    RowCoder coder = RowCoder.of(withBytes);
    Row a = Row.withSchema(withBytes).addValues(new byte[] {7}, null).build();
    Row b = Row.withSchema(withBytes).addValues(new byte[] {7}, null).build();
    assertEquals(MapKey.of(coder, a), MapKey.of(coder, b));
    assertEquals(MapKey.of(coder, a).hashCode(), MapKey.of(coder, b).hashCode());
    assertNotEquals(MapKey.of(coder, a), MapKey.of(coder, Row.withSchema(withBytes).addValues(new byte[] {7}, "x").build()));
    assertEquals(MapKey.of(StringUtf8Coder.of(), "k"), MapKey.of(StringUtf8Coder.of(), "k"));
  }
}
