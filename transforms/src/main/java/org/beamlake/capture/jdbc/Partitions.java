package org.beamlake.capture.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Cuts {@code [min, max]} of a numeric, date or timestamp column into a fixed number of adjacent
 * ranges {@code [lower, upper)}: the first starts at min, the last ends just past max, each bound is
 * at least the one before, so every value falls in exactly one range (some may be empty).
 */
final class Partitions {
  private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

  private Partitions() {}

  /** {@code partitions + 1} bounds, as values read from the column (nulls: no non-null value, all ranges empty). */
  static List<Object> bounds(ColumnKind kind, @Nullable Object min, @Nullable Object max, int partitions) {
    List<Object> bounds = new ArrayList<>();
    if (min == null || max == null) {
      Object nothing = fromAxis(kind, BigDecimal.ZERO);
      for (int i = 0; i <= partitions; i++) {
        bounds.add(nothing);
      }
      return bounds;
    }
    BigDecimal low = toAxis(min);
    BigDecimal high = toAxis(max).add(BigDecimal.ONE);
    int scale = Math.max(low.scale(), high.scale());
    BigDecimal width = high.subtract(low);
    for (int i = 0; i < partitions; i++) {
      BigDecimal step = width.multiply(BigDecimal.valueOf(i)).divide(BigDecimal.valueOf(partitions), scale,
          RoundingMode.FLOOR);
      bounds.add(fromAxis(kind, low.add(step)));
    }
    bounds.add(fromAxis(kind, high));
    return bounds;
  }

  /** Integers as themselves, dates as days since 1970, timestamps as microseconds since 1970 (UTC). */
  private static BigDecimal toAxis(Object value) {
    if (value instanceof Long) {
      return BigDecimal.valueOf((Long) value);
    }
    if (value instanceof BigInteger) {
      return new BigDecimal((BigInteger) value);
    }
    if (value instanceof BigDecimal) {
      return (BigDecimal) value;
    }
    if (value instanceof LocalDate) {
      return BigDecimal.valueOf(((LocalDate) value).toEpochDay());
    }
    if (value instanceof LocalDateTime) {
      LocalDateTime t = (LocalDateTime) value;
      return micros(t.toEpochSecond(ZoneOffset.UTC), t.getNano());
    }
    if (value instanceof OffsetDateTime) {
      OffsetDateTime t = (OffsetDateTime) value;
      return micros(t.toEpochSecond(), t.getNano());
    }
    throw new IllegalArgumentException("cannot cut ranges at " + value + " (a decimal that is not a number?)");
  }

  private static BigDecimal micros(long seconds, int nanos) {
    return BigDecimal.valueOf(seconds).multiply(MICROS).add(BigDecimal.valueOf(nanos / 1000));
  }

  private static Object fromAxis(ColumnKind kind, BigDecimal axis) {
    switch (kind) {
      case INTEGER:
        return JdbcValues.integer(axis.toBigIntegerExact().toString());
      case DECIMAL:
        return axis;
      case DATE:
        return LocalDate.ofEpochDay(axis.longValueExact());
      default:
        long micros = axis.longValueExact();
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
            (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
        return kind == ColumnKind.TIMESTAMP ? t : t.atOffset(ZoneOffset.UTC);
    }
  }
}
