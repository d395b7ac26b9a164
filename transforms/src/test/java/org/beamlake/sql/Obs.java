package org.beamlake.sql;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Instant;

/** The test table {@code obs}: a group key and one nullable column of each beamlake type. */
final class Obs {
  static final Schema SCHEMA = Schema.builder()
      .addStringField("g")
      .addNullableField("d", FieldType.DOUBLE)
      .addNullableField("i", FieldType.INT32)
      .addNullableField("l", FieldType.INT64)
      .addNullableField("m", FieldType.DECIMAL)
      .addNullableField("s", FieldType.STRING)
      .addNullableField("b", FieldType.BOOLEAN)
      .addNullableField("dt", FieldType.logicalType(SqlTypes.DATE))
      .addNullableField("ts", FieldType.DATETIME)
      .build();

  private final List<Row> rows = new ArrayList<>();

  /** Adds a row; {@code values} follow the schema after {@code g}, missing trailing ones are null. */
  Obs row(String g, Object... values) {
    Object[] all = new Object[SCHEMA.getFieldCount()];
    all[0] = g;
    System.arraycopy(values, 0, all, 1, values.length);
    rows.add(Row.withSchema(SCHEMA).addValues(Arrays.asList(all)).build());
    return this;
  }

  /** Adds one row per value of {@code column}, the others null. */
  Obs column(String g, String column, Object... values) {
    int index = SCHEMA.indexOf(column) - 1;
    for (Object value : values) {
      Object[] row = new Object[SCHEMA.getFieldCount() - 1];
      row[index] = value;
      row(g, row);
    }
    return this;
  }

  PCollectionTuple in(Pipeline p) {
    return PCollectionTuple.of(new TupleTag<Row>("obs"),
        p.apply(Create.of(rows).withRowSchema(SCHEMA)));
  }

  static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }

  static LocalDate date(String value) {
    return LocalDate.parse(value);
  }

  static Instant instant(long millis) {
    return new Instant(millis);
  }
}
