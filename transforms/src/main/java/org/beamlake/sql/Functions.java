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
  /**
   * Not the SQL names: CORR is a reserved word that the parser refuses as a function name, and
   * VAR_POP, VAR_SAMP, VARIANCE, COVAR_POP and COVAR_SAMP name Beam's built-ins, which round to 10
   * significant digits on every merge.
   */
  static final String CORR = "beamlake_corr";
  static final String COVAR_SAMP = "beamlake_covar_samp";
  static final String COVAR_POP = "beamlake_covar_pop";
  static final String VAR_SAMP = "beamlake_var_samp";
  static final String VAR_POP = "beamlake_var_pop";
  /** Not AVG: that names Beam's, which divides to 10 significant digits. */
  static final String AVG = "beamlake_avg";

  /** Functions of a pair, rewritten to take {@code ARRAY[x, y]}: upper-case name to UDAF name. */
  static final Map<String, String> PAIRS = Map.of("CORR", CORR, "COVAR_SAMP", COVAR_SAMP, "COVAR_POP", COVAR_POP);

  /** Names the user may write in any case, by upper-case name, and the name Beam must see. */
  static final Map<String, String> RENAMED = Map.of(
      "MEDIAN", MEDIAN,
      "STDDEV", STDDEV,
      "STDDEV_SAMP", STDDEV_SAMP,
      "STDDEV_POP", STDDEV_POP,
      "VAR_SAMP", VAR_SAMP,
      "VARIANCE", VAR_SAMP,
      "VAR_POP", VAR_POP,
      "COUNT_DISTINCT", COUNT_DISTINCT);

  /** Java types whose SQL types cover beamlake's column types, one COUNT_DISTINCT overload each. */
  private static final List<Class<?>> DISTINCT_TYPES = List.of(
      String.class, Long.class, Double.class, BigDecimal.class, Boolean.class, Date.class,
      Time.class, Instant.class);

  private static final Pattern PERCENTILE_NAME = Pattern.compile("\\bpercentile_\\d+(_\\d+)?\\b");
  private static final Map<Pattern, String> INTERNAL_NAMES = Map.of(
      Pattern.compile("\\b" + CORR + "\\b"), "CORR",
      Pattern.compile("\\b" + COVAR_SAMP + "\\b"), "COVAR_SAMP",
      Pattern.compile("\\b" + COVAR_POP + "\\b"), "COVAR_POP",
      Pattern.compile("\\b" + VAR_SAMP + "\\b"), "VAR_SAMP",
      Pattern.compile("\\b" + VAR_POP + "\\b"), "VAR_POP",
      Pattern.compile("\\b" + AVG + "\\b"), "AVG");

  private Functions() {}

  /** The UDAF name of {@code PERCENTILE(x, fraction)}, e.g. {@code percentile_0_9}. */
  static String percentileName(BigDecimal fraction) {
    return "percentile_" + fraction.stripTrailingZeros().toPlainString().replace('.', '_');
  }

  /** Registers every function, and one percentile UDAF per fraction. */
  static SqlTransform register(SqlTransform sql, Collection<BigDecimal> fractions) {
    SqlTransform registered = sql
        .registerUdaf(MEDIAN, PercentileFn.median())
        .registerUdaf(STDDEV, SpreadFn.stddev(true))
        .registerUdaf(STDDEV_SAMP, SpreadFn.stddev(true))
        .registerUdaf(STDDEV_POP, SpreadFn.stddev(false))
        .registerUdaf(VAR_SAMP, SpreadFn.variance(true))
        .registerUdaf(VAR_POP, SpreadFn.variance(false))
        .registerUdaf(CORR, PairFn.correlation())
        .registerUdaf(COVAR_SAMP, PairFn.covariance(true))
        .registerUdaf(COVAR_POP, PairFn.covariance(false));
    for (AvgFn.Kind kind : AvgFn.Kind.values()) {
      registered = registered.registerUdaf(AVG, AvgFn.of(kind));
    }
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
    String named = message;
    for (Map.Entry<Pattern, String> internal : INTERNAL_NAMES.entrySet()) {
      named = internal.getKey().matcher(named).replaceAll(internal.getValue());
    }
    return PERCENTILE_NAME.matcher(named).replaceAll("PERCENTILE");
  }
}
