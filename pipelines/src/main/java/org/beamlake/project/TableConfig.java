package org.beamlake.project;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A refined table: one SQL query over trusted datasets.
 *
 * @param sqlFile the SQL file as named in messages
 * @param sql its text
 * @param partitionBy the column to partition by (Hive-style directories), or null
 * @param csv whether to also write {@code _csv/<table>.csv}
 * @param shards Parquet files per partition
 */
public record TableConfig(
    String name, String sqlFile, String sql, @Nullable String partitionBy, boolean csv, int shards, Where where) {}
