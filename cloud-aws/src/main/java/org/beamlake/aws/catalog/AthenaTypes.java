package org.beamlake.aws.catalog;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.beamlake.schema.ColumnType;

/**
 * Athena (Hive DDL, as Glue stores it) types of Parquet columns, following the Parquet logical
 * types: a DECIMAL keeps its precision and scale, DATE is {@code date}, a TIMESTAMP of any unit and
 * INT96 are {@code timestamp}, a LIST is {@code array<…>}, a MAP {@code map<…>} and any other group
 * {@code struct<…>}. A type Athena cannot read (unsigned 64-bit integers, intervals) is refused
 * rather than guessed.
 */
final class AthenaTypes {
  private AthenaTypes() {}

  /** The Athena type of one Parquet field; {@code where} names it in errors. */
  static String of(Type type, String where) {
    if (type.isRepetition(Type.Repetition.REPEATED)) { // a bare repeated field is a list of itself
      return "array<" + ofValue(type, where) + ">";
    }
    return ofValue(type, where);
  }

  /** The Athena type of a partition column, from the beamlake type its marker records. */
  static String ofColumnType(String typeName) {
    switch (ColumnType.fromName(typeName)) {
      case STRING: return "string";
      case INT: return "int";
      case LONG: return "bigint";
      case DOUBLE: return "double";
      case BOOLEAN: return "boolean";
      case DECIMAL: return "decimal(38,18)";
      case DATE: return "date";
      case TIMESTAMP: return "timestamp";
      default: throw new IllegalArgumentException("no Athena type for beamlake type '" + typeName + "'");
    }
  }

  private static String ofValue(Type type, String where) {
    if (type.isPrimitive()) {
      return primitive(type.asPrimitiveType(), where);
    }
    GroupType group = type.asGroupType();
    LogicalTypeAnnotation logical = group.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && group.getFieldCount() == 1) {
      Type repeated = group.getType(0);
      // the standard three levels (list.element) or a legacy two-level list of the repeated field itself
      Type element = !repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1
          && !repeated.getName().equals("array") && !repeated.getName().endsWith("_tuple")
          ? repeated.asGroupType().getType(0) : repeated;
      return "array<" + ofValue(element, where + ".element") + ">";
    }
    if ((logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) && group.getFieldCount() == 1) {
      GroupType entry = group.getType(0).asGroupType();
      return "map<" + ofValue(entry.getType(0), where + ".key") + "," + ofValue(entry.getType(1), where + ".value")
          + ">";
    }
    List<String> fields = new ArrayList<>();
    for (Type field : group.getFields()) {
      fields.add(field.getName() + ":" + of(field, where + "." + field.getName()));
    }
    return "struct<" + String.join(",", fields) + ">";
  }

  private static String primitive(PrimitiveType type, String where) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
      return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
    }
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return "boolean";
      case INT32:
        if (logical == null) {
          return "int";
        }
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return "date";
        }
        if (logical instanceof IntLogicalTypeAnnotation i) {
          int bits = i.isSigned() ? i.getBitWidth() : i.getBitWidth() * 2; // an unsigned value needs the next size
          return bits <= 8 ? "tinyint" : bits <= 16 ? "smallint" : bits <= 32 ? "int" : "bigint";
        }
        break;
      case INT64:
        if (logical == null) {
          return "bigint";
        }
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
          return "timestamp";
        }
        if (logical instanceof IntLogicalTypeAnnotation i && i.isSigned()) {
          return "bigint";
        }
        break;
      case INT96:
        return "timestamp";
      case FLOAT:
        return "float";
      case DOUBLE:
        return "double";
      case BINARY:
        if (logical == null) {
          return "binary";
        }
        if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return "string";
        }
        break;
      case FIXED_LEN_BYTE_ARRAY:
        if (logical == null) {
          return "binary";
        }
        break;
      default:
        break;
    }
    throw new IllegalArgumentException(where + ": no Athena type for Parquet type " + type.getPrimitiveTypeName()
        + (logical == null ? "" : " (" + logical + ")"));
  }
}
