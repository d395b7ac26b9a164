package org.beamlake.quarantine;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where a row came from, carried as one reserved column ({@value #FIELD}) from parsing to the
 * trusted write, so that a row rejected by a later step still names its file and line.
 *
 * <p>Every step keeps the column as it is; schema operations (select, drop constant columns) act
 * on {@link #userFields} only. The trusted write removes it.
 */
public final class Lineage {
  /** The reserved column: {@code <file>:<line>} for text formats, {@code <file>#<index>} for JSON. */
  public static final String FIELD = "__bl_source";

  private static final String RESERVED_PREFIX = "__bl_";

  private Lineage() {}

  /** Whether a column name is reserved for beamlake's own bookkeeping. */
  public static boolean isReserved(String fieldName) {
    return fieldName.startsWith(RESERVED_PREFIX);
  }

  /** The schema with the lineage column appended (unchanged if it already has it). */
  public static Schema withLineage(Schema schema) {
    if (schema.hasField(FIELD)) {
      return schema;
    }
    return Schema.builder().addFields(schema.getFields()).addField(FIELD, FieldType.STRING.withNullable(true)).build();
  }

  /** The schema without reserved columns: what a user sees and what trusted holds. */
  public static Schema withoutLineage(Schema schema) {
    return schema.getFields().stream()
        .filter(f -> !isReserved(f.getName()))
        .collect(Schema.toSchema());
  }

  /** The names of the user's columns, in order, reserved columns excluded. */
  public static List<String> userFields(Schema schema) {
    return schema.getFieldNames().stream().filter(n -> !isReserved(n)).collect(Collectors.toList());
  }

  /** The row's source, or null if it has none. */
  public static @Nullable String of(Row row) {
    return row.getSchema().hasField(FIELD) ? row.getString(FIELD) : null;
  }

  /** The row without reserved columns. */
  public static Row strip(Row row, Schema userSchema) {
    Row.Builder builder = Row.withSchema(userSchema);
    for (Schema.Field field : userSchema.getFields()) {
      builder.addValue(row.getValue(field.getName()));
    }
    return builder.build();
  }
}
