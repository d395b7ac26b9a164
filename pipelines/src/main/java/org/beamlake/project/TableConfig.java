package org.beamlake.project;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A refined table: one SQL query over trusted datasets.
 *
 * @param sqlFile the SQL file as named in messages
 * @param sql its text
 * @param partitionBy the column to partition by (Hive-style directories), or null
 * @param csv whether to also write {@code _csv/<table>.csv}
 * @param shards Parquet files per partition, grouped by a shuffle; 0 (the default) means, for a table
 *     without {@code partitionBy}, that each bundle (on Spark, each partition) writes its own files,
 *     without a shuffle (one file on the DirectRunner), and one file per partition otherwise
 * @param charts charts of the table in the run report
 */
public record TableConfig(
    String name, String sqlFile, String sql, @Nullable String partitionBy, boolean csv, int shards, Where where,
    java.util.List<ChartConfig> charts) {

  /** A table without charts. */
  public TableConfig(String name, String sqlFile, String sql, @Nullable String partitionBy, boolean csv, int shards,
      Where where) {
    this(name, sqlFile, sql, partitionBy, csv, shards, where, java.util.List.of());
  }
}
