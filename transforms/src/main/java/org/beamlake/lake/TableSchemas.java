package org.beamlake.lake;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.beamlake.quarantine.Lineage;
import org.beamlake.schema.ColumnType;

/**
 * The schemas beamlake writes: every column one of the {@link ColumnType}s and nullable, reserved
 * columns removed. Whatever a step or an SQL query produced (an INT16, a non-null COUNT), a table
 * is written, recorded in its marker and read back with exactly this schema.
 */
public final class TableSchemas {
  /** Digits of a stored {@code decimal} column: Spark's default for Java decimals, the most Athena reads. */
  public static final int DECIMAL_PRECISION = 38;

  /** Digits after the point of a stored {@code decimal} column. */
  public static final int DECIMAL_SCALE = 18;

  private TableSchemas() {}

  /** The written schema of rows with this schema. */
  public static Schema normalize(Schema schema) {
    Schema.Builder builder = Schema.builder();
    for (Schema.Field field : schema.getFields()) {
      if (!Lineage.isReserved(field.getName())) {
        builder.addField(field.getName(), ColumnType.of(field.getType()).fieldType());
      }
    }
    return builder.build();
  }

  /** Column name to type name, in order: what a commit marker records. */
  public static Map<String, String> columns(Schema schema) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (Schema.Field field : schema.getFields()) {
      if (!Lineage.isReserved(field.getName())) {
        columns.put(field.getName(), ColumnType.of(field.getType()).typeName());
      }
    }
    return columns;
  }

  /** The schema that a marker's columns describe. */
  public static Schema fromColumns(Map<String, String> columns) {
    Schema.Builder builder = Schema.builder();
    columns.forEach((name, type) -> builder.addField(name, ColumnType.fromName(type).fieldType()));
    return builder.build();
  }

  /** The schema without one column (the partition column, which lives in directory names). */
  public static Schema without(Schema schema, String column) {
    Schema.Builder builder = Schema.builder();
    for (Schema.Field field : schema.getFields()) {
      if (!field.getName().equals(column)) {
        builder.addField(field);
      }
    }
    return builder.build();
  }

  private static final java.util.Set<Schema.TypeName> PLAIN = java.util.EnumSet.of(Schema.TypeName.STRING,
      Schema.TypeName.INT32, Schema.TypeName.INT64, Schema.TypeName.DOUBLE, Schema.TypeName.BOOLEAN);

  /**
   * Whether a column of this type is the same value in a row and in an Avro record (a string aside,
   * which Avro may hold as {@code Utf8}), so that Parquet reads and writes can skip Beam's conversion.
   */
  static boolean isPlain(Schema.TypeName type) {
    return PLAIN.contains(type);
  }

  /**
   * The Avro schema that Parquet files of a normalized schema are written and read with: Beam's,
   * except that {@code decimal} columns are {@code DECIMAL(38, 18)}. Beam's own conversion gives them
   * scale 0 and an unbounded precision, so no value with a fraction could be written, and Spark and
   * Athena refuse the column.
   */
  public static org.apache.avro.Schema avro(Schema schema) {
    org.apache.avro.Schema beam = AvroUtils.toAvroSchema(schema);
    List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
    for (org.apache.avro.Schema.Field field : beam.getFields()) {
      fields.add(new org.apache.avro.Schema.Field(field, storedDecimals(field.schema())));
    }
    return org.apache.avro.Schema.createRecord(beam.getName(), beam.getDoc(), beam.getNamespace(), false, fields);
  }

  private static org.apache.avro.Schema storedDecimals(org.apache.avro.Schema type) {
    if (type.getType() == org.apache.avro.Schema.Type.UNION) {
      List<org.apache.avro.Schema> types = new ArrayList<>();
      for (org.apache.avro.Schema t : type.getTypes()) {
        types.add(storedDecimals(t));
      }
      return org.apache.avro.Schema.createUnion(types);
    }
    if (type.getLogicalType() instanceof LogicalTypes.Decimal) {
      return LogicalTypes.decimal(DECIMAL_PRECISION, DECIMAL_SCALE)
          .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES));
    }
    return type;
  }

  /**
   * Checks that a value of a {@code decimal} column fits {@code DECIMAL(38, 18)}, as it is stored:
   * at most 20 digits before the point and 18 after; anything else would have to be rounded.
   */
  static BigDecimal checkStoredDecimal(String column, BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    int integerDigits = stripped.precision() - stripped.scale();
    if (stripped.scale() > DECIMAL_SCALE || integerDigits > DECIMAL_PRECISION - DECIMAL_SCALE) {
      throw new IllegalArgumentException("decimal column '" + column + "': " + value.toPlainString()
          + " does not fit DECIMAL(" + DECIMAL_PRECISION + ", " + DECIMAL_SCALE + "), at most "
          + (DECIMAL_PRECISION - DECIMAL_SCALE) + " digits before the point and " + DECIMAL_SCALE + " after");
    }
    return value;
  }

  /** A decimal as read back from its stored scale: without trailing zeros, never in exponent form. */
  static BigDecimal readDecimal(BigDecimal stored) {
    BigDecimal stripped = stored.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
