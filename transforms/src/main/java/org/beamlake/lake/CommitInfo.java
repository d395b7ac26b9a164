package org.beamlake.lake;

import java.util.List;
import java.util.Map;

/**
 * The content of a {@code _SUCCESS} marker: which run wrote a committed output, its files
 * (relative to the output directory), its row count and its columns.
 *
 * @param runId the run that committed it
 * @param committedAt ISO-8601 instant
 * @param files data files relative to the output directory, e.g. {@code DATABASE_ID=WB_WDI/part-00000-of-00001.parquet}
 * @param rows rows (or records) in the output, -1 if unknown
 * @param columns column name to type name ({@link org.beamlake.schema.ColumnType}), in order
 * @param partitionBy the partition column, or null
 */
public record CommitInfo(
    String runId,
    String committedAt,
    List<String> files,
    long rows,
    Map<String, String> columns,
    String partitionBy) {}
