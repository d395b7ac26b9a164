package org.beamlake.capture.jdbc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How a column's values are read from JDBC: the Java value each kind gives is what {@link
 * JdbcValues} writes into the JSON line (the mapping table is in docs/capture-jdbc.md).
 */
enum ColumnKind {
  INTEGER,
  DECIMAL,
  REAL,
  DOUBLE,
  BOOLEAN,
  BITS,
  DATE,
  TIME,
  TIME_WITH_ZONE,
  TIMESTAMP,
  /** PostgreSQL timestamptz (and any driver's TIMESTAMP WITH TIME ZONE): an instant, read in UTC. */
  TIMESTAMP_WITH_ZONE,
  /** MySQL TIMESTAMP: an instant that the server shows in the session's time zone, which is UTC here. */
  MYSQL_TIMESTAMP,
  BINARY,
  /** Everything else, as the driver's text: strings, arrays, JSON, enums, tsvector, uuid, interval… */
  TEXT;

  /** The kind of result column {@code i} (1-based). */
  static ColumnKind of(JdbcDialect dialect, ResultSetMetaData md, int i) throws SQLException {
    String typeName = String.valueOf(md.getColumnTypeName(i)).toLowerCase(Locale.ROOT);
    switch (md.getColumnType(i)) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
        return INTEGER;
      case Types.NUMERIC:
      case Types.DECIMAL:
        return DECIMAL;
      case Types.REAL:
        return REAL;
      case Types.FLOAT:
      case Types.DOUBLE:
        return typeName.equals("money") ? TEXT : DOUBLE;
      case Types.BOOLEAN:
        return BOOLEAN;
      case Types.BIT:
        return md.getPrecision(i) <= 1 ? BOOLEAN : BITS;
      case Types.DATE:
        return typeName.equals("year") ? INTEGER : DATE;
      case Types.TIME:
        // MySQL TIME is a duration (up to 838:59:59, may be negative): its text, not a LocalTime.
        return dialect.isMySqlFamily() ? TEXT : typeName.equals("timetz") ? TIME_WITH_ZONE : TIME;
      case Types.TIME_WITH_TIMEZONE:
        return TIME_WITH_ZONE;
      case Types.TIMESTAMP:
        if (typeName.equals("timestamptz")) {
          return TIMESTAMP_WITH_ZONE;
        }
        return dialect.isMySqlFamily() && typeName.equals("timestamp") ? MYSQL_TIMESTAMP : TIMESTAMP;
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return TIMESTAMP_WITH_ZONE;
      case Types.BINARY:
      case Types.VARBINARY:
      case Types.LONGVARBINARY:
      case Types.BLOB:
        return BINARY;
      default:
        return TEXT;
    }
  }

  /** The value of column {@code i} of the current row, or null. */
  @Nullable Object read(ResultSet rs, int i) throws SQLException {
    Object value;
    switch (this) {
      case INTEGER:
        return JdbcValues.integer(rs.getString(i));
      case DECIMAL:
        return JdbcValues.decimal(rs.getString(i));
      case REAL:
        value = rs.getFloat(i);
        break;
      case DOUBLE:
        value = rs.getDouble(i);
        break;
      case BOOLEAN:
        value = rs.getBoolean(i);
        break;
      case BITS:
        return JdbcValues.bits(rs.getObject(i), rs.getMetaData().getPrecision(i));
      case DATE:
        return rs.getObject(i, LocalDate.class);
      case TIME:
        return rs.getObject(i, LocalTime.class);
      case TIME_WITH_ZONE:
        return rs.getObject(i, OffsetTime.class);
      case TIMESTAMP:
        return rs.getObject(i, LocalDateTime.class);
      case TIMESTAMP_WITH_ZONE:
        OffsetDateTime instant = rs.getObject(i, OffsetDateTime.class);
        return instant == null ? null : instant.withOffsetSameInstant(ZoneOffset.UTC);
      case MYSQL_TIMESTAMP:
        LocalDateTime utc = rs.getObject(i, LocalDateTime.class);
        return utc == null ? null : utc.atOffset(ZoneOffset.UTC);
      case BINARY:
        return rs.getBytes(i);
      default:
        return rs.getString(i);
    }
    return rs.wasNull() ? null : value;
  }

  /** Whether a watermark can be kept in this kind: it must order rows and survive a round trip as text. */
  boolean canBeWatermark() {
    return canBePartitioned() || this == TEXT;
  }

  /** Whether splits can be computed over this kind. */
  boolean canBePartitioned() {
    return this == INTEGER || this == DECIMAL || this == DATE || this == TIMESTAMP || this == TIMESTAMP_WITH_ZONE
        || this == MYSQL_TIMESTAMP;
  }
}
