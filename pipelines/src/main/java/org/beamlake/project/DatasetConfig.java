package org.beamlake.project;

import java.util.List;
import java.util.Map;
import org.beamlake.schema.ColumnType;

/**
 * A trusted dataset: which source it is parsed from, with which declared columns, the cleaning
 * steps in order, and the quality rules checked at the end.
 *
 * @param shards Parquet files written, grouped by a shuffle; 0 (the default) means that each bundle (on
 *     Spark, each partition) writes its own files of at most 256 MiB, without a shuffle (one file on
 *     the DirectRunner)
 * @param files which of the source's captured files to read, a glob relative to a capture (e.g.
 *     {@code rental/*} for one table of a database source); null: all of them
 */
public record DatasetConfig(
    String name,
    String source,
    FormatConfig format,
    Map<String, ColumnType> columns,
    List<StepConfig> steps,
    List<RuleConfig> rules,
    int shards,
    Where where,
    @org.checkerframework.checker.nullness.qual.Nullable String files) {

  /** A dataset over all of its source's files. */
  public DatasetConfig(String name, String source, FormatConfig format, Map<String, ColumnType> columns,
      List<StepConfig> steps, List<RuleConfig> rules, int shards, Where where) {
    this(name, source, format, columns, steps, rules, shards, where, null);
  }
}
