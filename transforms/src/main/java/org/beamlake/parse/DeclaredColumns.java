package org.beamlake.parse;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.schema.ColumnType;
import org.beamlake.schema.Rows;

/** The columns a parser must produce, their types, and the output schema with the lineage column. */
final class DeclaredColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Schema output;
  private final List<String> names;
  private final ColumnType[] types;

  private DeclaredColumns(Schema declared) {
    this.output = Lineage.withLineage(declared);
    this.names = declared.getFieldNames();
    this.types = declared.getFields().stream().map(f -> ColumnType.of(f.getType())).toArray(ColumnType[]::new);
  }

  /**
   * Checks what {@code expand()} requires of a declared schema: at least one column, no reserved
   * name, and only nullable {@link ColumnType} field types (a missing value is a null, not a crash).
   */
  static DeclaredColumns of(String transform, Schema declared) {
    checkArgument(declared.getFieldCount() > 0, "%s: the schema declares no columns", transform);
    for (Schema.Field field : declared.getFields()) {
      String name = field.getName();
      checkArgument(!Lineage.isReserved(name),
          "%s: column %s uses the reserved prefix __bl_", transform, name);
      ColumnType type;
      try {
        type = ColumnType.of(field.getType());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(transform + ": column " + name + ": " + e.getMessage(), e);
      }
      checkArgument(field.getType().equals(type.fieldType()),
          "%s: column %s has type %s; declare it with ColumnType.%s.fieldType(), which is nullable",
          transform, name, field.getType(), type);
    }
    return new DeclaredColumns(declared);
  }

  /** The declared columns followed by {@link Lineage#FIELD}. */
  Schema outputSchema() {
    return output;
  }

  int size() {
    return types.length;
  }

  String name(int column) {
    return names.get(column);
  }

  ColumnType type(int column) {
    return types[column];
  }

  /** A row of the output schema from one value per declared column and the source. */
  Row row(Object[] values, String source) {
    List<Object> row = new ArrayList<>(values.length + 1);
    Collections.addAll(row, values);
    row.add(source);
    return Rows.of(output, row);
  }
}
