package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.beamlake.lake.Lake;
import org.junit.jupiter.api.Test;

/**
 * {@code beamlake databricks ddl} over the demo's lake: the exact SQL, and the SQL run, translated
 * statement by statement into DuckDB (which reads Parquet and Hive partitions as Databricks does),
 * giving exactly the rows of the refined files.
 */
class DatabricksDdlTest {
  private static final Pattern CREATE = Pattern.compile(
      "CREATE TABLE IF NOT EXISTS `world`\\.`(\\w+)` \\(\\n(.*?)\\n\\)\\nUSING PARQUET(?:\\nPARTITIONED BY \\(`(\\w+)`\\))?"
          + "\\nLOCATION '([^']+)';", Pattern.DOTALL);
  private static final Pattern COLUMN = Pattern.compile(" {2}`(\\w+)` ([A-Z]+(?:\\(\\d+, \\d+\\))?)");
  private static final Map<String, String> DUCKDB = Map.of("STRING", "VARCHAR", "INT", "INTEGER", "BIGINT", "BIGINT",
      "DOUBLE", "DOUBLE", "BOOLEAN", "BOOLEAN", "DECIMAL(38, 18)", "DECIMAL(38, 18)", "DATE", "DATE", "TIMESTAMP",
      "TIMESTAMP");

  @Test
  void declaresEveryRefinedTableAndReadsBackItsRows() throws Exception {
    Lake lake = DemoLake.get();
    CliTest.Result r = cli("databricks", "ddl", lake.base(), "--schema", "world");
    assertEquals(0, r.code(), r.err());
    String refined = lake.base() + "refined/";
    assertEquals("-- Databricks SQL for the refined tables of " + lake.base() + "\n\n"
        + "CREATE TABLE IF NOT EXISTS `world`.`life_expectancy` (\n  `REF_AREA` STRING,\n  `TIME_PERIOD` INT,\n"
        + "  `life_expectancy` DOUBLE\n)\nUSING PARQUET\nLOCATION '" + refined + "life_expectancy/';\n\n"
        + "CREATE TABLE IF NOT EXISTS `world`.`stats_country_global` (\n  `REF_AREA` STRING,\n  `avg_val` DOUBLE,\n"
        + "  `median_val` DOUBLE,\n  `min_val` DOUBLE,\n  `max_val` DOUBLE,\n  `count_obs` BIGINT\n)\nUSING PARQUET\n"
        + "LOCATION '" + refined + "stats_country_global/';\n\n"
        + "CREATE TABLE IF NOT EXISTS `world`.`stats_country_indicator` (\n  `REF_AREA` STRING,\n  `INDICATOR` STRING,\n"
        + "  `avg_val` DOUBLE,\n  `median_val` DOUBLE,\n  `min_val` DOUBLE,\n  `max_val` DOUBLE,\n  `count_obs` BIGINT,\n"
        + "  `DATABASE_ID` STRING\n)\nUSING PARQUET\nPARTITIONED BY (`DATABASE_ID`)\n"
        + "LOCATION '" + refined + "stats_country_indicator/';\n\n"
        + "MSCK REPAIR TABLE `world`.`stats_country_indicator`;\n", r.out());

    Matcher create = CREATE.matcher(r.out());
    int tables = 0;
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement()) {
      while (create.find()) {
        tables++;
        String table = create.group(1);
        List<String> casts = new ArrayList<>();
        for (String line : create.group(2).split(",\\n")) {
          Matcher column = COLUMN.matcher(line);
          assertEquals(true, column.matches(), line);
          casts.add("CAST(\"" + column.group(1) + "\" AS " + DUCKDB.get(column.group(2)) + ") AS \"" + column.group(1)
              + "\"");
        }
        sql.execute("CREATE VIEW \"" + table + "\" AS SELECT " + String.join(", ", casts) + " FROM read_parquet('"
            + create.group(4) + "**/*.parquet', hive_partitioning = " + (create.group(3) != null) + ")");
        List<String> columns = DemoProject.columns(lake.refined(table));
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery("SELECT \"" + String.join("\", \"", columns) + "\" FROM \"" + table
            + "\"")) {
          while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
              row.add(rs.getObject(i));
            }
            rows.add(row);
          }
        }
        rows.sort(Comparator.comparing(Object::toString));
        assertEquals(DemoProject.rows(lake.refined(table)), rows, table);
      }
    }
    assertEquals(3, tables);
  }

  @Test
  void aLakeWithoutTablesSaysSo() {
    CliTest.Result r = cli("databricks", "ddl", System.getProperty("java.io.tmpdir") + "/no-lake-here");
    assertEquals(1, r.code());
    assertEquals("error: no committed table under " + Lake.at(System.getProperty("java.io.tmpdir") + "/no-lake-here")
        .base() + "refined/; run the analytics stage first", r.err().strip());
  }
}
