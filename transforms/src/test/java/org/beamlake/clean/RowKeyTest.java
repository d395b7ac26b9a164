package org.beamlake.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** {@link RowKey}: the key text is Jackson's JSON array of the values, however it is written. */
class RowKeyTest {
  static final Schema SCHEMA = Schema.builder()
      .addNullableField("s", FieldType.STRING)
      .addNullableField("i", FieldType.INT32)
      .addNullableField("l", FieldType.INT64)
      .addNullableField("d", FieldType.DOUBLE)
      .build();

  @Test
  void stringsIntsAndLongsGiveJacksonsTextCharacterForCharacter() throws Exception {
    RowKey key = RowKey.of(SCHEMA, List.of("s", "i", "l"));
    ObjectMapper json = new ObjectMapper();
    for (String s : List.of("", "FR", "São Tomé", "a\"b", "back\\slash", "tab\there", "line\nbreak", "\u0001",
        "\u007f", "\u2028", "emoji \uD83D\uDE00", "null", "[\"x\"]")) {
      for (Object[] numbers : new Object[][] {{0, 0L}, {-7, Long.MIN_VALUE}, {Integer.MAX_VALUE, 123456789012L}}) {
        Row row = Row.withSchema(SCHEMA).addValues(s, numbers[0], numbers[1], null).build();
        assertEquals(json.writeValueAsString(Arrays.asList(s, numbers[0], numbers[1])), key.encode(row), s);
      }
    }
  }

  @Test
  void nullsAndOtherTypesGoThroughJackson() throws Exception {
    Row row = Row.withSchema(SCHEMA).addValues(null, 1, null, -0.0).build();
    assertEquals("[null,1,null,0.0]", RowKey.of(SCHEMA, List.of("s", "i", "l", "d")).encode(row));
    assertEquals("[\"x\",1.5]", RowKey.of(SCHEMA, List.of("s", "d"))
        .encode(Row.withSchema(SCHEMA).addValues("x", null, null, 1.5).build()));
  }
}
