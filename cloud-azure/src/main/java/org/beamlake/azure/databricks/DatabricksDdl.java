package org.beamlake.azure.databricks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.beamlake.lake.CommitInfo;

/**
 * Databricks SQL for a refined table: an external Parquet table over the table's folder, its
 * columns typed from the commit marker, Hive-style partitions declared and then discovered ({@code
 * MSCK REPAIR TABLE}). Spark skips the marker and the {@code _csv/} folder, as it skips every name
 * starting with {@code _}.
 *
 * <pre>{@code
 * DatabricksDdl.table("main.world", "stats_country_global", commit, "abfss://lake@acct.dfs.core.windows.net/lakes/world/refined/stats_country_global/")
 * }</pre>
 */
public final class DatabricksDdl {
  private static final Map<String, String> TYPES = Map.of("string", "STRING", "int", "INT", "long", "BIGINT",
      "double", "DOUBLE", "boolean", "BOOLEAN", "decimal", "DECIMAL(38, 18)", "date", "DATE", "timestamp", "TIMESTAMP");
  private static final Pattern AZFS = Pattern.compile("azfs://([^/]+)/([^/]+)/?(.*)");

  private DatabricksDdl() {}

  /** The statements for one table: {@code CREATE TABLE IF NOT EXISTS}, and for a partitioned one {@code MSCK REPAIR}. */
  public static List<String> table(String schema, String name, CommitInfo commit, String location) {
    String qualified = (schema == null ? "" : quote(schema) + ".") + quote(name);
    List<String> columns = new ArrayList<>();
    String partition = commit.partitionBy();
    commit.columns().forEach((column, type) -> {
      if (!column.equals(partition)) {
        columns.add("  " + quote(column) + " " + sqlType(name, column, type));
      }
    });
    if (partition != null) { // Spark puts partition columns last, whatever the files hold
      columns.add("  " + quote(partition) + " " + sqlType(name, partition, commit.columns().get(partition)));
    }
    List<String> statements = new ArrayList<>();
    statements.add("CREATE TABLE IF NOT EXISTS " + qualified + " (\n" + String.join(",\n", columns) + "\n)\nUSING PARQUET"
        + (partition == null ? "" : "\nPARTITIONED BY (" + quote(partition) + ")")
        + "\nLOCATION '" + location.replace("'", "''") + "'");
    if (partition != null) {
      statements.add("MSCK REPAIR TABLE " + qualified);
    }
    return statements;
  }

  /**
   * Where Databricks reads a lake location: {@code azfs://account/container/prefix} becomes {@code
   * abfss://container@account.dfs.core.windows.net/prefix} (the same blobs through the ADLS Gen2
   * endpoint); any other URI is kept.
   */
  public static String clusterLocation(String uri) {
    Matcher m = AZFS.matcher(uri);
    return m.matches() ? "abfss://" + m.group(2) + "@" + m.group(1) + ".dfs.core.windows.net/" + m.group(3) : uri;
  }

  private static String sqlType(String table, String column, String type) {
    String sql = TYPES.get(type);
    if (sql == null) {
      throw new IllegalArgumentException(table + "." + column + ": no Databricks SQL type for beamlake type '" + type
          + "'");
    }
    return sql;
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
