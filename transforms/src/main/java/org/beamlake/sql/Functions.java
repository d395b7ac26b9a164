package org.beamlake.sql;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Time;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.joda.time.Instant;

/** The names under which beamlake's functions are registered, and their registration. */
final class Functions {
  static final String MEDIAN = "median";
  static final String STDDEV = "stddev";
  static final String STDDEV_SAMP = "stddev_samp";
  static final String STDDEV_POP = "stddev_pop";
  static final String COUNT_DISTINCT = "count_distinct";
  /** Not {@code corr}: CORR is a reserved word that the parser refuses as a function name. */
  static final String CORR = "beamlake_corr";

  /** Names the user may write in any case, by upper-case name, and the name Beam must see. */
  static final Map<String, String> RENAMED = Map.of(
      "MEDIAN", MEDIAN,
      "STDDEV", STDDEV,
      "STDDEV_SAMP", STDDEV_SAMP,
      "STDDEV_POP", STDDEV_POP,
      "COUNT_DISTINCT", COUNT_DISTINCT);

  /** Java types whose SQL types cover beamlake's column types, one COUNT_DISTINCT overload each. */
  private static final List<Class<?>> DISTINCT_TYPES = List.of(
      String.class, Long.class, Double.class, BigDecimal.class, Boolean.class, Date.class,
      Time.class, Instant.class);

  private static final Pattern PERCENTILE_NAME = Pattern.compile("\\bpercentile_\\d+(_\\d+)?\\b");
  private static final Pattern CORR_NAME = Pattern.compile("\\b" + CORR + "\\b");

  private Functions() {}

  /** The UDAF name of {@code PERCENTILE(x, fraction)}, e.g. {@code percentile_0_9}. */
  static String percentileName(BigDecimal fraction) {
    return "percentile_" + fraction.stripTrailingZeros().toPlainString().replace('.', '_');
  }

  /** Registers every function, and one percentile UDAF per fraction. */
  static SqlTransform register(SqlTransform sql, Collection<BigDecimal> fractions) {
    SqlTransform registered = sql
        .registerUdaf(MEDIAN, PercentileFn.median())
        .registerUdaf(STDDEV, StddevFn.sample())
        .registerUdaf(STDDEV_SAMP, StddevFn.sample())
        .registerUdaf(STDDEV_POP, StddevFn.population())
        .registerUdaf(CORR, new CorrFn());
    for (Class<?> type : DISTINCT_TYPES) {
      registered = registered.registerUdaf(COUNT_DISTINCT, CountDistinctFn.declaredAs(type));
    }
    for (BigDecimal fraction : fractions) {
      registered = registered.registerUdaf(percentileName(fraction), PercentileFn.of(fraction));
    }
    return registered;
  }

  /** A message from Calcite with internal function names replaced by the names the user wrote. */
  static String userFacing(String message) {
    String named = CORR_NAME.matcher(message).replaceAll("CORR");
    return PERCENTILE_NAME.matcher(named).replaceAll("PERCENTILE");
  }
}
