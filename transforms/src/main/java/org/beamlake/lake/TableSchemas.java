package org.beamlake.lake;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.schema.ColumnType;

/**
 * The schemas beamlake writes: every column one of the {@link ColumnType}s and nullable, reserved
 * columns removed. Whatever a step or an SQL query produced (an INT16, a non-null COUNT), a table
 * is written, recorded in its marker and read back with exactly this schema.
 */
public final class TableSchemas {
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

  /** A row converted to the normalized schema (values converted with {@link ColumnType#convert}). */
  public static Row normalizeRow(Row row, Schema normalized) {
    Row.Builder builder = Row.withSchema(normalized);
    for (Schema.Field field : normalized.getFields()) {
      Object value = row.getValue(field.getName());
      builder.addValue(ColumnType.of(field.getType()).convert(value));
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
}
