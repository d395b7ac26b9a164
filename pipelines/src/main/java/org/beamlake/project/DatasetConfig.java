package org.beamlake.project;

import java.util.List;
import java.util.Map;
import org.beamlake.schema.ColumnType;

/**
 * A trusted dataset: which source it is parsed from, with which declared columns, the cleaning
 * steps in order, and the quality rules checked at the end.
 *
 * @param shards Parquet files written; 0 means one per 256 MiB of raw input
 */
public record DatasetConfig(
    String name,
    String source,
    FormatConfig format,
    Map<String, ColumnType> columns,
    List<StepConfig> steps,
    List<RuleConfig> rules,
    int shards,
    Where where) {}
