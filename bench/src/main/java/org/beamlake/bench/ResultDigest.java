package org.beamlake.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What is compared between engines before any time counts, read back from their Parquet files with
 * DuckDB: per result table its row count and column sums ({@link #of}, for the report), and row by
 * row against another engine's results ({@link #differences}): the same keys, and every value equal
 * within 1e-9 relative (the engines add doubles in different orders).
 *
 * @param text e.g. {@code stats_country_indicator: rows 375000, sums 1.2E8 … | slope_indicator: …}
 */
public record ResultDigest(String text) {
  static final String STATS_SUMS = "count(*), round(sum(avg_val), 2), round(sum(median_val), 2), round(sum(min_val), 2), "
      + "round(sum(max_val), 2), sum(count_obs), count(DISTINCT country_name), count(DISTINCT region)";
  static final String SLOPE_SUMS = "count(*), round(sum(slope), 4), sum(count_obs)";

  /** Row counts and sums of {@code engine}'s results under its work directory. */
  public static ResultDigest of(Engine engine, Path work) {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      return new ResultDigest(Engine.STATS + ": " + row(sql, "SELECT " + STATS_SUMS + " FROM " + table(engine, work, Engine.STATS))
          + " | " + Engine.SLOPES + ": " + row(sql, "SELECT " + SLOPE_SUMS + " FROM " + table(engine, work, Engine.SLOPES)));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the results of " + engine.id() + " under " + work + ": " + e.getMessage(), e);
    }
  }

  /** Rows of either table that the two engines do not agree on (missing on one side, or a value apart); 0 if none. */
  public static long differences(Engine a, Path workA, Engine b, Path workB) {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      String stats = """
          SELECT count(*) FROM %s x FULL JOIN %s y USING (country, indicator)
          WHERE x.country_name IS DISTINCT FROM y.country_name OR x.region IS DISTINCT FROM y.region
             OR x.count_obs IS DISTINCT FROM y.count_obs OR %s OR %s OR %s OR %s
          """.formatted(table(a, workA, Engine.STATS), table(b, workB, Engine.STATS), apart("avg_val", 1e-9),
          apart("median_val", 1e-9), apart("min_val", 1e-9), apart("max_val", 1e-9));
      String slopes = """
          SELECT count(*) FROM %s x FULL JOIN %s y USING (indicator)
          WHERE x.count_obs IS DISTINCT FROM y.count_obs OR %s
          """.formatted(table(a, workA, Engine.SLOPES), table(b, workB, Engine.SLOPES), apart("slope", 1e-9));
      return Long.parseLong(row(sql, stats)) + Long.parseLong(row(sql, slopes));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot compare " + a.id() + " with " + b.id() + ": " + e.getMessage(), e);
    }
  }

  /** The largest gap between the two engines' slopes, and where, for a failure message. */
  public static String largestSlopeGap(Engine a, Path workA, Engine b, Path workB) {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      return row(sql, "SELECT indicator, x.slope, y.slope, abs(x.slope - y.slope) AS gap FROM %s x JOIN %s y USING (indicator) "
          .formatted(table(a, workA, Engine.SLOPES), table(b, workB, Engine.SLOPES)) + "ORDER BY gap DESC LIMIT 1");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot compare " + a.id() + " with " + b.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Values further apart than {@code tolerance} relative (absolute below 1).
   */
  private static String apart(String column, double tolerance) {
    return "coalesce(abs(x.%1$s - y.%1$s) > %2$s * greatest(1, abs(x.%1$s)), true)".formatted(column, tolerance);
  }

  private static String table(Engine engine, Path work, String table) {
    return "read_parquet('" + engine.results(work, table) + "/**/*.parquet')";
  }

  private static String row(Statement sql, String query) throws SQLException {
    try (ResultSet r = sql.executeQuery(query)) {
      r.next();
      StringBuilder out = new StringBuilder();
      for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
        out.append(i > 1 ? " " : "").append(r.getString(i));
      }
      return out.toString();
    }
  }
}
