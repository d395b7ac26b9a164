package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.beamlake.quarantine.Lineage;
import org.beamlake.schema.ColumnType;

/**
 * Checks shared by the cleaning steps, so that every step words the same mistake the same way:
 * {@code cast: no column 'X'; columns are [A, B]}.
 */
final class ColumnChecks {
  private ColumnChecks() {}

  /** Fails unless {@code column} is one of the schema's user (non-reserved) columns. */
  static void requireColumn(String step, Schema schema, String column) {
    List<String> userFields = Lineage.userFields(schema);
    if (!userFields.contains(column)) {
      throw new IllegalArgumentException(
          step + ": no column '" + column + "'; columns are " + userFields);
    }
  }

  /** {@link #requireColumn} for each name, in the given order. */
  static void requireColumns(String step, Schema schema, Iterable<String> columns) {
    for (String column : columns) {
      requireColumn(step, schema, column);
    }
  }

  /**
   * Validates a list of column names given to a factory or {@code withX()}: not null, no blank or
   * reserved name, no name twice. Returns an immutable copy.
   */
  static List<String> names(String step, List<String> columns) {
    checkArgument(columns != null, "%s: columns must not be null", step);
    Set<String> seen = new HashSet<>();
    for (String column : columns) {
      name(step, column);
      checkArgument(seen.add(column), "%s: column '%s' is listed twice", step, column);
    }
    return List.copyOf(columns);
  }

  /** Validates one column name: not null or blank, not reserved. */
  static String name(String step, String column) {
    checkArgument(column != null && !column.isBlank(), "%s: a column name must not be blank", step);
    checkArgument(
        !Lineage.isReserved(column), "%s: column '%s' is reserved for beamlake", step, column);
    return column;
  }

  /** The names of the schema's reserved columns (the lineage), in order. */
  static List<String> reservedFields(Schema schema) {
    List<String> reserved = new ArrayList<>();
    for (String name : schema.getFieldNames()) {
      if (Lineage.isReserved(name)) {
        reserved.add(name);
      }
    }
    return reserved;
  }

  /**
   * The project column type of a field, or null when the field's Beam type is not exactly the one
   * {@link ColumnType} produces (a FLOAT, an INT16, an array): values converted with {@link
   * ColumnType#convert} would not fit such a field.
   */
  static ColumnType exactColumnType(FieldType type) {
    try {
      ColumnType columnType = ColumnType.of(type);
      return columnType.fieldType().equals(type.withNullable(true)) ? columnType : null;
    } catch (IllegalArgumentException unsupported) {
      return null;
    }
  }

  /** A type for error messages: the project type name where there is one, else Beam's. */
  static String describe(FieldType type) {
    ColumnType columnType = exactColumnType(type);
    return columnType != null ? columnType.typeName() : type.getTypeName().toString();
  }
}
