package org.beamlake.schema;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.joda.time.Instant;

/**
 * The column types a project can declare, by their names in the project file.
 *
 * <p>{@link #parse(String)} turns text (a CSV field, a JSON string) into the Java value Beam
 * stores for the type; {@link #convert(Object)} does the same for any value (a JSON number, a value
 * of another column type). Both refuse lossy conversions (1.5 to an int, 3e10 to an int) with an
 * {@link IllegalArgumentException} whose message says what was expected and what was found.
 */
public enum ColumnType {
  STRING("string", FieldType.STRING),
  INT("int", FieldType.INT32),
  LONG("long", FieldType.INT64),
  DOUBLE("double", FieldType.DOUBLE),
  BOOLEAN("boolean", FieldType.BOOLEAN),
  DECIMAL("decimal", FieldType.DECIMAL),
  DATE("date", FieldType.logicalType(SqlTypes.DATE)),
  TIMESTAMP("timestamp", FieldType.DATETIME);

  private final String typeName;
  private final FieldType fieldType;

  ColumnType(String typeName, FieldType fieldType) {
    this.typeName = typeName;
    this.fieldType = fieldType;
  }

  /** The name used in project files, e.g. {@code double}. */
  public String typeName() {
    return typeName;
  }

  /** The Beam field type, always nullable: missing values are nulls, not errors, until a rule says so. */
  public FieldType fieldType() {
    return fieldType.withNullable(true);
  }

  /** All type names, for error messages. */
  public static String names() {
    return Arrays.stream(values()).map(ColumnType::typeName).collect(Collectors.joining(", "));
  }

  /** The type named {@code name} in a project file, or an exception listing the valid names. */
  public static ColumnType fromName(String name) {
    for (ColumnType type : values()) {
      if (type.typeName.equalsIgnoreCase(name.trim())) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown column type '" + name + "', expected one of: " + names());
  }

  /** The column type of a Beam field type, for schemas that come from Parquet or SQL. */
  public static ColumnType of(FieldType type) {
    TypeName name = type.getTypeName();
    switch (name) {
      case STRING:
        return STRING;
      case BYTE:
      case INT16:
      case INT32:
        return INT;
      case INT64:
        return LONG;
      case FLOAT:
      case DOUBLE:
        return DOUBLE;
      case BOOLEAN:
        return BOOLEAN;
      case DECIMAL:
        return DECIMAL;
      case DATETIME:
        return TIMESTAMP;
      case LOGICAL_TYPE:
        String id = type.getLogicalType().getIdentifier();
        if (id.equals(SqlTypes.DATE.getIdentifier())) {
          return DATE;
        }
        if (id.equals(SqlTypes.DATETIME.getIdentifier())) {
          return TIMESTAMP;
        }
        if (type.getLogicalType().getBaseType().getTypeName() == TypeName.STRING) {
          return STRING;
        }
        throw new IllegalArgumentException("unsupported logical type " + id);
      default:
        throw new IllegalArgumentException("unsupported field type " + name);
    }
  }

  /**
   * Parses non-null text into this type's value. Surrounding whitespace is ignored for every type
   * but {@code string}. Empty text is null for every type but {@code string}.
   */
  public Object parse(String text) {
    if (this == STRING) {
      return text;
    }
    String t = text.trim();
    if (t.isEmpty()) {
      return null;
    }
    try {
      switch (this) {
        case INT:
          return Integer.parseInt(t);
        case LONG:
          return Long.parseLong(t);
        case DOUBLE:
          double d = Double.parseDouble(t);
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new NumberFormatException();
          }
          return d;
        case BOOLEAN:
          return parseBoolean(t);
        case DECIMAL:
          return new BigDecimal(t);
        case DATE:
          return LocalDate.parse(t);
        case TIMESTAMP:
          return parseTimestamp(t);
        default:
          throw new IllegalStateException(name());
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("expected " + typeName + ", got '" + abbreviate(text) + "'");
    }
  }

  /** Converts any value (text, number, boolean, date) into this type's value; null stays null. */
  public Object convert(Object value) {
    if (value == null || isJavaTypeOf(value)) {
      return value;
    }
    if (value instanceof CharSequence) {
      return parse(value.toString());
    }
    switch (this) {
      case STRING:
        return value instanceof BigDecimal ? ((BigDecimal) value).toPlainString() : value.toString();
      case INT:
        return exact(value).intValueExact();
      case LONG:
        return exact(value).longValueExact();
      case DOUBLE:
        if (value instanceof Number) {
          return ((Number) value).doubleValue();
        }
        break;
      case DECIMAL:
        if (value instanceof Number) {
          return value instanceof BigDecimal ? value : new BigDecimal(value.toString());
        }
        break;
      case BOOLEAN:
        if (value instanceof Boolean) {
          return value;
        }
        break;
      case DATE:
        if (value instanceof LocalDate) {
          return value;
        }
        break;
      case TIMESTAMP:
        if (value instanceof Instant) {
          return value;
        }
        if (value instanceof org.joda.time.ReadableInstant) {
          return ((org.joda.time.ReadableInstant) value).toInstant();
        }
        if (value instanceof LocalDate) {
          return new Instant(((LocalDate) value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        }
        break;
      default:
        break;
    }
    throw new IllegalArgumentException(
        "expected " + typeName + ", got " + value.getClass().getSimpleName() + " " + abbreviate(value.toString()));
  }

  /**
   * Whether {@code value} is already this type's value as rows hold it (converting it changes
   * nothing); only for the plain types (string, int, long, double, boolean), never for the others.
   */
  public boolean isJavaTypeOf(Object value) {
    switch (this) {
      case STRING: return value instanceof String;
      case INT: return value instanceof Integer;
      case LONG: return value instanceof Long;
      case DOUBLE: return value instanceof Double;
      case BOOLEAN: return value instanceof Boolean;
      default: return false;
    }
  }

  private BigDecimal exact(Object value) {
    if (!(value instanceof Number)) {
      throw new IllegalArgumentException(
          "expected " + typeName + ", got " + value.getClass().getSimpleName() + " " + abbreviate(value.toString()));
    }
    try {
      BigDecimal d = new BigDecimal(value.toString());
      if (d.stripTrailingZeros().scale() > 0) {
        throw new ArithmeticException();
      }
      if (this == INT) {
        d.intValueExact();
      } else {
        d.longValueExact();
      }
      return d;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("expected " + typeName + ", got " + abbreviate(value.toString()));
    }
  }

  private static Boolean parseBoolean(String t) {
    switch (t.toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
        return Boolean.TRUE;
      case "false":
      case "0":
      case "no":
        return Boolean.FALSE;
      default:
        throw new NumberFormatException();
    }
  }

  private static Instant parseTimestamp(String t) {
    try {
      return new Instant(OffsetDateTime.parse(t).toInstant().toEpochMilli());
    } catch (DateTimeParseException notOffset) {
      LocalDateTime local = LocalDateTime.parse(t.replace(' ', 'T'));
      return new Instant(local.toInstant(ZoneOffset.UTC).toEpochMilli());
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
