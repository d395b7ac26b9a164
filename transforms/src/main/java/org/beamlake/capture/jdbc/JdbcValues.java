package org.beamlake.capture.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Writes the values {@link ColumnKind} reads as JSON or text, and reads watermarks back from text. */
final class JdbcValues {
  private JdbcValues() {}

  /** An integer as a Long, or a BigInteger beyond (MySQL BIGINT UNSIGNED). */
  static @Nullable Object integer(@Nullable String text) {
    if (text == null) {
      return null;
    }
    BigInteger value = new BigInteger(text.strip());
    return value.bitLength() < 64 ? (Object) value.longValue() : value;
  }

  /** An exact decimal, or the database's text for values JSON has no number for (NaN, Infinity). */
  static @Nullable Object decimal(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException notANumber) {
      return text;
    }
  }

  /** A bit string of {@code width} bits such as {@code 00101}: PostgreSQL gives its text, MySQL the bits' bytes. */
  static @Nullable String bits(@Nullable Object value, int width) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[]) {
      StringBuilder out = new StringBuilder();
      for (byte b : (byte[]) value) {
        out.append(String.format("%8s", Integer.toBinaryString(b & 0xff)).replace(' ', '0'));
      }
      return out.length() > width ? out.substring(out.length() - width) : out.toString();
    }
    return value.toString();
  }

  /** A value as JSON: numbers as numbers (decimals exactly), booleans, everything else as a string. */
  static void write(JsonGenerator json, @Nullable Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof BigDecimal) {
      json.writeNumber(((BigDecimal) value).toPlainString());
    } else if (value instanceof Long) {
      json.writeNumber((Long) value);
    } else if (value instanceof BigInteger) {
      json.writeNumber((BigInteger) value);
    } else if (value instanceof Float && Float.isFinite((Float) value)) {
      json.writeNumber((Float) value);
    } else if (value instanceof Double && Double.isFinite((Double) value)) {
      json.writeNumber((Double) value);
    } else if (value instanceof Boolean) {
      json.writeBoolean((Boolean) value);
    } else {
      json.writeString(text(value));
    }
  }

  /** A value as text: ISO-8601 for dates and times (instants in UTC, {@code Z}), base64 for bytes. */
  static String text(Object value) {
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    if (value instanceof byte[]) {
      return Base64.getEncoder().encodeToString((byte[]) value);
    }
    if (value instanceof TemporalAccessor) {
      return formatter(value).format((TemporalAccessor) value);
    }
    return value.toString();
  }

  private static DateTimeFormatter formatter(Object value) {
    if (value instanceof LocalDate) {
      return DateTimeFormatter.ISO_LOCAL_DATE;
    }
    if (value instanceof LocalTime) {
      return DateTimeFormatter.ISO_LOCAL_TIME;
    }
    if (value instanceof OffsetTime) {
      return DateTimeFormatter.ISO_OFFSET_TIME;
    }
    if (value instanceof LocalDateTime) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME;
    }
    if (value instanceof OffsetDateTime) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    }
    throw new IllegalArgumentException("no text form for " + value.getClass().getName());
  }

  /**
   * A watermark as written by {@link #text}, as the value bound for a column of {@code kind}, or an
   * {@link IllegalArgumentException} saying what was expected.
   */
  static Object parse(ColumnKind kind, String text) {
    try {
      switch (kind) {
        case INTEGER:
          return integer(text);
        case DECIMAL:
          return new BigDecimal(text);
        case DATE:
          return LocalDate.parse(text);
        case TIMESTAMP:
          return LocalDateTime.parse(text);
        case TIMESTAMP_WITH_ZONE:
          return OffsetDateTime.parse(text);
        case MYSQL_TIMESTAMP:
          return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        case TEXT:
          return text;
        default:
          throw new IllegalArgumentException("a " + kind + " column cannot hold a watermark");
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("expected " + expected(kind) + ", got '" + text + "'");
    }
  }

  private static String expected(ColumnKind kind) {
    switch (kind) {
      case INTEGER:
        return "an integer";
      case DECIMAL:
        return "a decimal number";
      case DATE:
        return "a date (YYYY-MM-DD)";
      case TIMESTAMP:
        return "a timestamp without zone (YYYY-MM-DDTHH:MM:SS[.ffffff])";
      default:
        return "a timestamp with offset (YYYY-MM-DDTHH:MM:SS[.ffffff]Z)";
    }
  }

  /** A value read by {@link ColumnKind#read} as the value to bind for the same column. */
  static Object bindable(ColumnKind kind, Object value) {
    return kind == ColumnKind.MYSQL_TIMESTAMP ? ((OffsetDateTime) value).toLocalDateTime() : value;
  }
}
