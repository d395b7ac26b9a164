package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.beamlake.lake.Lake;
import org.junit.jupiter.api.Test;

/**
 * {@code beamlake athena ddl} over the demo's lake: the exact DDL, and the DDL run, translated
 * statement by statement into DuckDB (which reads Parquet as Athena does), with the lake's {@code
 * s3://} location translated to the local copy: a table holds exactly the rows of its refined files,
 * and a partitioned one exactly the partitions added, each with its value.
 */
class AthenaDdlTest {
  private static final String S3_BASE = "s3://demo-lake/lakes/world/";
  private static final Pattern CREATE = Pattern.compile(
      "CREATE EXTERNAL TABLE IF NOT EXISTS `world`\\.`(\\w+)` \\(\\n(.*?)\\n\\)(?:\\nPARTITIONED BY \\(\\n  `(\\w+)` "
          + "(\\w+)\\n\\))?\\nSTORED AS PARQUET\\nLOCATION '([^']+)'\\nTBLPROPERTIES \\('parquet.compression'='SNAPPY'\\);",
      Pattern.DOTALL);
  private static final Pattern ADD = Pattern.compile("ALTER TABLE `world`\\.`(\\w+)` ADD IF NOT EXISTS\\n(.*?);",
      Pattern.DOTALL);
  private static final Pattern PARTITION = Pattern.compile(" {2}PARTITION \\(`(\\w+)` = '([^']*)'\\) LOCATION '([^']+)'");
  private static final Pattern COLUMN = Pattern.compile(" {2}`(\\w+)` ([a-z]+(?:\\(\\d+,\\d+\\))?)");
  private static final Map<String, String> DUCKDB = Map.of("string", "VARCHAR", "int", "INTEGER", "bigint", "BIGINT",
      "double", "DOUBLE", "boolean", "BOOLEAN", "decimal(38,18)", "DECIMAL(38, 18)", "date", "DATE", "timestamp",
      "TIMESTAMP");

  @Test
  void declaresEveryRefinedTableAndReadsBackItsRows() throws Exception {
    Lake lake = DemoLake.get();
    CliTest.Result r = cli("athena", "ddl", lake.base(), "--database", "world", "--location-base", S3_BASE);
    assertEquals(0, r.code(), r.err());
    String refined = S3_BASE + "refined/";
    String indicator = refined + "stats_country_indicator/";
    assertEquals("-- Athena DDL for the refined tables of " + lake.base() + "\n\n"
        + "CREATE EXTERNAL TABLE IF NOT EXISTS `world`.`life_expectancy` (\n  `REF_AREA` string,\n  `TIME_PERIOD` int,\n"
        + "  `life_expectancy` double\n)\nSTORED AS PARQUET\nLOCATION '" + refined + "life_expectancy/'\n"
        + "TBLPROPERTIES ('parquet.compression'='SNAPPY');\n\n"
        + "CREATE EXTERNAL TABLE IF NOT EXISTS `world`.`stats_country_global` (\n  `REF_AREA` string,\n  `avg_val` double,\n"
        + "  `median_val` double,\n  `min_val` double,\n  `max_val` double,\n  `count_obs` bigint\n)\nSTORED AS PARQUET\n"
        + "LOCATION '" + refined + "stats_country_global/'\nTBLPROPERTIES ('parquet.compression'='SNAPPY');\n\n"
        + "CREATE EXTERNAL TABLE IF NOT EXISTS `world`.`stats_country_indicator` (\n  `REF_AREA` string,\n"
        + "  `INDICATOR` string,\n  `avg_val` double,\n  `median_val` double,\n  `min_val` double,\n  `max_val` double,\n"
        + "  `count_obs` bigint\n)\nPARTITIONED BY (\n  `DATABASE_ID` string\n)\nSTORED AS PARQUET\n"
        + "LOCATION '" + indicator + "'\nTBLPROPERTIES ('parquet.compression'='SNAPPY');\n\n"
        + "ALTER TABLE `world`.`stats_country_indicator` ADD IF NOT EXISTS\n"
        + "  PARTITION (`DATABASE_ID` = 'WB_ESG') LOCATION '" + indicator + "DATABASE_ID=WB_ESG/'\n"
        + "  PARTITION (`DATABASE_ID` = 'WB_SE4ALL') LOCATION '" + indicator + "DATABASE_ID=WB_SE4ALL/'\n"
        + "  PARTITION (`DATABASE_ID` = 'WB_WDI') LOCATION '" + indicator + "DATABASE_ID=WB_WDI/';\n", r.out());

    Map<String, List<String[]>> partitions = new TreeMap<>();
    Matcher add = ADD.matcher(r.out());
    while (add.find()) {
      for (String line : add.group(2).split("\n")) {
        Matcher p = PARTITION.matcher(line);
        assertEquals(true, p.matches(), line);
        partitions.computeIfAbsent(add.group(1), t -> new ArrayList<>()).add(new String[] {p.group(2), p.group(3)});
      }
    }
    Matcher create = CREATE.matcher(r.out());
    int tables = 0;
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement()) {
      while (create.find()) {
        tables++;
        String table = create.group(1);
        List<String> casts = new ArrayList<>();
        for (String line : create.group(2).split(",\n")) {
          Matcher column = COLUMN.matcher(line);
          assertEquals(true, column.matches(), line);
          casts.add(cast(column.group(1), column.group(2)));
        }
        String view;
        if (create.group(3) == null) {
          view = "SELECT " + String.join(", ", casts) + " FROM read_parquet('" + local(lake, create.group(5))
              + "*.parquet')";
        } else { // Athena reads exactly the partitions added, each folder's rows with the partition's value
          List<String> parts = new ArrayList<>();
          for (String[] p : partitions.get(table)) {
            parts.add("SELECT " + String.join(", ", casts) + ", " + cast("'" + p[0] + "'", create.group(4)) + " AS \""
                + create.group(3) + "\" FROM read_parquet('" + local(lake, p[1]) + "*.parquet')");
          }
          view = String.join(" UNION ALL ", parts);
        }
        sql.execute("CREATE VIEW \"" + table + "\" AS " + view);
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
        List<List<Object>> files = DemoProject.rows(lake.refined(table));
        assertEquals(files.size(), rows.size(), table);
        assertEquals(files, rows, table);
      }
      assertEquals(3, tables);
      // what a user would ask Athena: rows and observations per partition, as the files hold them
      Map<String, List<Long>> perPartition = new TreeMap<>();
      for (List<Object> row : DemoProject.rows(lake.refined("stats_country_indicator"))) {
        List<String> columns = DemoProject.columns(lake.refined("stats_country_indicator"));
        String key = (String) row.get(columns.indexOf("DATABASE_ID"));
        long observations = (Long) row.get(columns.indexOf("count_obs"));
        perPartition.merge(key, List.of(1L, observations), (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
      }
      Map<String, List<Long>> queried = new LinkedHashMap<>();
      try (ResultSet rs = sql.executeQuery("SELECT \"DATABASE_ID\", count(*), sum(count_obs) FROM "
          + "stats_country_indicator GROUP BY 1 ORDER BY 1")) {
        while (rs.next()) {
          queried.put(rs.getString(1), List.of(rs.getLong(2), rs.getLong(3)));
        }
      }
      assertEquals(perPartition, queried);
    }
  }

  @Test
  void aLakeWithoutTablesSaysSo() {
    String empty = System.getProperty("java.io.tmpdir") + "/no-lake-here";
    CliTest.Result r = cli("athena", "ddl", empty, "--location-base", S3_BASE);
    assertEquals(1, r.code());
    assertEquals("error: no committed table under " + Lake.at(empty).base() + "refined/; run the analytics stage first",
        r.err().strip());
  }

  @Test
  void aLocationAthenaCannotReadIsRefused() {
    String local = System.getProperty("java.io.tmpdir") + "/no-lake-here";
    CliTest.Result r = cli("athena", "ddl", local);
    assertEquals(1, r.code());
    assertEquals("error: Athena reads tables from s3:// locations, and LAKE is " + Lake.at(local).base() + "; for a "
        + "copy of an S3 lake, pass --location-base s3://BUCKET/PREFIX (where Athena reads it)", r.err().strip());
  }

  private static String cast(String expression, String athenaType) {
    String name = expression.startsWith("'") ? expression : "\"" + expression + "\"";
    String cast = "CAST(" + name + " AS " + DUCKDB.get(athenaType) + ")";
    return expression.startsWith("'") ? cast : cast + " AS " + name;
  }

  /** The local copy of an s3:// location of the DDL. */
  private static String local(Lake lake, String location) {
    assertEquals(true, location.startsWith(S3_BASE), location);
    return lake.base() + location.substring(S3_BASE.length());
  }
}
