package org.beamlake.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The workload in DuckDB (in-process, 2 threads): the single-node floor. Same steps and the same
 * column rules as the other engines; {@code MEDIAN} is DuckDB's exact one.
 */
final class DuckDbWorkload {
  static final String[] OBS_COLUMNS = {"country", "indicator", "year", "value", "source", "note"};

  private DuckDbWorkload() {}

  static void run(Path data, Path work) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
      sql.execute("SET threads = 2");
      sql.execute("SET preserve_insertion_order = false");
      sql.execute("SET memory_limit = '4GB'"); // the same budget as the JVM engines' -Xmx4g
      sql.execute("""
          CREATE TABLE filled AS
          SELECT country, indicator, year,
                 coalesce(value, avg(value) OVER (PARTITION BY country, indicator)) AS value, source, note
          FROM read_csv('%s', header = true, columns = {'country': 'VARCHAR', 'indicator': 'VARCHAR',
               'year': 'INTEGER', 'value': 'DOUBLE', 'source': 'VARCHAR', 'note': 'VARCHAR'})
          """.formatted(data.resolve("obs").resolve("*.csv")));
      List<String> kept = new ArrayList<>();
      for (String c : OBS_COLUMNS) {
        try (ResultSet r = sql.executeQuery("SELECT count(*), count(\"%1$s\"), min(\"%1$s\") = max(\"%1$s\") FROM filled"
            .formatted(c))) {
          r.next();
          boolean constant = r.getLong(2) == 0 || (r.getLong(2) == r.getLong(1) && r.getBoolean(3));
          if (!constant) {
            kept.add("f.\"" + c + "\"");
          }
        }
      }
      sql.execute("""
          CREATE TABLE joined AS
          SELECT %s, c.country_name, c.region
          FROM filled f JOIN read_csv('%s', header = true, all_varchar = true) c ON f.country = c.country
          WHERE f.value IS NOT NULL
          """.formatted(String.join(", ", kept), data.resolve("countries.csv")));
      Path stats = Engine.DUCKDB.results(work, Engine.STATS);
      Path slopes = Engine.DUCKDB.results(work, Engine.SLOPES);
      Files.createDirectories(stats);
      Files.createDirectories(slopes);
      sql.execute("""
          COPY (SELECT country, country_name, region, indicator, avg(value) AS avg_val, median(value) AS median_val,
                       min(value) AS min_val, max(value) AS max_val, count(value) AS count_obs
                FROM joined GROUP BY ALL)
          TO '%s' (FORMAT parquet, COMPRESSION snappy)
          """.formatted(stats.resolve("data.parquet")));
      sql.execute("""
          COPY (SELECT indicator, covar_pop(value, year::DOUBLE) / var_pop(year::DOUBLE) AS slope, count(value) AS count_obs
                FROM joined GROUP BY indicator)
          TO '%s' (FORMAT parquet, COMPRESSION snappy)
          """.formatted(slopes.resolve("data.parquet")));
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB workload failed: " + e.getMessage(), e);
    }
  }
}
