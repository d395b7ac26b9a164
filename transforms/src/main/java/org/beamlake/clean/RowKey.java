package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Some columns of a row as one string that groups and looks up the same on every runner: a JSON
 * array of the values. Row coders are not deterministic for floating-point columns, so they cannot
 * key a {@code GroupByKey}; this text can. Values equal in value are equal keys: decimals ignore
 * their scale ({@code 1.0} and {@code 1.00}), {@code -0.0} is {@code 0.0}.
 */
final class RowKey implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TEMPORAL_TYPES =
      Set.of(
          SqlTypes.DATE.getIdentifier(),
          SqlTypes.TIME.getIdentifier(),
          SqlTypes.DATETIME.getIdentifier(),
          SqlTypes.TIMESTAMP.getIdentifier());

  private final List<String> columns;
  private final int[] indexes;

  private RowKey(List<String> columns, int[] indexes) {
    this.columns = List.copyOf(columns);
    this.indexes = indexes;
  }

  /** The key of {@code columns} in rows of {@code schema}; the columns must exist. */
  static RowKey of(Schema schema, List<String> columns) {
    return new RowKey(columns, columns.stream().mapToInt(schema::indexOf).toArray());
  }

  /** The key text; a null value is a value like any other. */
  String encode(Row row) {
    String plain = plainText(row);
    if (plain != null) {
      return plain;
    }
    List<Object> values = new ArrayList<>(indexes.length);
    for (int index : indexes) {
      values.add(normalize(row.getValue(index)));
    }
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The JSON text Jackson writes for the key, written directly when every value is a string
   * without a character JSON escapes, an int or a long (the common keys: the benchmark's ETL spent
   * 2% of its time in Jackson for one-string keys); null when another value needs Jackson.
   */
  private @Nullable String plainText(Row row) {
    StringBuilder text = new StringBuilder(16 * indexes.length + 2).append('[');
    for (int i = 0; i < indexes.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      Object value = row.getValue(indexes[i]);
      if (value instanceof String) {
        String string = (String) value;
        for (int c = 0; c < string.length(); c++) {
          char ch = string.charAt(c);
          if (ch < 0x20 || ch == '"' || ch == '\\') {
            return null;
          }
        }
        text.append('"').append(string).append('"');
      } else if (value instanceof Integer || value instanceof Long) {
        text.append(value);
      } else {
        return null;
      }
    }
    return text.append(']').toString();
  }

  /** The key text, or null if any key value is null (as in SQL, a null key matches nothing). */
  @Nullable String encodeUnlessNull(Row row) {
    for (int index : indexes) {
      if (row.getValue(index) == null) {
        return null;
      }
    }
    return encode(row);
  }

  /** The key for messages: {@code (A, B)=(1, x)}. */
  String describe(Row row) {
    List<String> values = new ArrayList<>(indexes.length);
    for (int index : indexes) {
      Object value = row.getValue(index);
      values.add(value instanceof byte[] ? base64((byte[]) value) : String.valueOf(value));
    }
    return "(" + String.join(", ", columns) + ")=(" + String.join(", ", values) + ")";
  }

  /**
   * The field {@code column} of {@code schema}, which must be a user column.
   *
   * @param subject how the error starts, e.g. {@code "Deduplicate: key column"}
   * @param where which schema, for the error, e.g. {@code " of the left side"}, or empty
   */
  static Schema.Field userColumn(Schema schema, String column, String subject, String where) {
    if (Lineage.isReserved(column) || !schema.hasField(column)) {
      throw new IllegalArgumentException(
          subject + " '" + column + "' is not a column" + where + "; columns: "
              + names(Lineage.userFields(schema)));
    }
    return schema.getField(column);
  }

  /**
   * Checks the argument of a {@code withX} that names key columns: a non-empty list of distinct,
   * non-blank user column names. Returns an immutable copy.
   */
  static List<String> checkKeyColumns(String what, @Nullable List<String> columns) {
    checkArgument(columns != null && !columns.isEmpty(), "%s must name at least one column, got %s", what, columns);
    for (String column : columns) {
      checkArgument(column != null && !column.isBlank(), "%s must not contain blank names, got %s", what, columns);
      checkArgument(!Lineage.isReserved(column), "%s must be user columns, got reserved column %s", what, column);
    }
    checkArgument(Set.copyOf(columns).size() == columns.size(), "%s must be distinct, got %s", what, columns);
    return List.copyOf(columns);
  }

  /** Whether a column of this type can be part of a key: a single scalar value. */
  static boolean isKeyable(FieldType type) {
    if (type.getTypeName() == TypeName.LOGICAL_TYPE) {
      return TEMPORAL_TYPES.contains(type.getLogicalType().getIdentifier())
          || isKeyable(type.getLogicalType().getBaseType());
    }
    return type.getTypeName().isPrimitiveType();
  }

  /** Whether values of this type have a natural order (a greatest value to keep). */
  static boolean isOrderable(FieldType type) {
    if (type.getTypeName() == TypeName.LOGICAL_TYPE) {
      return TEMPORAL_TYPES.contains(type.getLogicalType().getIdentifier())
          || type.getLogicalType().getBaseType().getTypeName() == TypeName.STRING;
    }
    return type.getTypeName().isPrimitiveType() && type.getTypeName() != TypeName.BYTES;
  }

  /** A type as messages show it: {@code INT32}, {@code beam:logical_type:date:v1}. */
  static String typeName(FieldType type) {
    return type.getTypeName() == TypeName.LOGICAL_TYPE
        ? type.getLogicalType().getIdentifier()
        : type.getTypeName().toString();
  }

  static String names(List<String> columns) {
    return columns.stream().collect(Collectors.joining(", ", "[", "]"));
  }

  private static @Nullable Object normalize(@Nullable Object value) {
    if (value instanceof Double) {
      double d = (Double) value;
      return d == 0.0 ? 0.0 : d;
    }
    if (value instanceof Float) {
      float f = (Float) value;
      return f == 0.0f ? 0.0f : f;
    }
    if (value instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) value;
      return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
    if (value instanceof byte[]) {
      return base64((byte[]) value);
    }
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return value.toString();
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
