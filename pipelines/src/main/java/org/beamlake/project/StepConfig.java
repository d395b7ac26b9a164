package org.beamlake.project;

import java.util.List;
import java.util.Map;
import org.beamlake.schema.ColumnType;
import org.checkerframework.checker.nullness.qual.Nullable;

/** One cleaning step of a dataset, as written in the project; each maps to one transform. */
public sealed interface StepConfig {
  Where where();

  /** Column types to change. */
  record Cast(Map<String, ColumnType> types, Where where) implements StepConfig {}

  /** Columns to rename, old to new. */
  record Rename(Map<String, String> names, Where where) implements StepConfig {}

  /** Columns to keep, in this order. */
  record Select(List<String> columns, Where where) implements StepConfig {}

  /** Columns to drop. */
  record Drop(List<String> columns, Where where) implements StepConfig {}

  /** Trim string columns (all when {@code columns} is empty). */
  record Trim(List<String> columns, boolean emptyAsNull, Where where) implements StepConfig {}

  /** Fill nulls, per column. */
  record FillNulls(List<Fill> fills, Where where) implements StepConfig {}

  /** One column's fill: a constant, the mean, or the mean within groups. */
  record Fill(String column, @Nullable Object value, boolean mean, List<String> groupBy) {}

  /** Drop the columns whose value is the same in every row (data-dependent: profiled first). */
  record DropConstantColumns(List<String> keep, Where where) implements StepConfig {}

  /** Drop the columns that are null in every row (data-dependent: profiled first). */
  record DropNullColumns(List<String> keep, Where where) implements StepConfig {}

  /** Keep one row per key, the latest by {@code latestBy} if given. */
  record Deduplicate(List<String> key, @Nullable String latestBy, Where where) implements StepConfig {}

  /** Keep rows where an SQL expression is true. */
  record Filter(String expression, Where where) implements StepConfig {}

  /** Join another dataset of the project. */
  record Join(String dataset, List<String> on, boolean inner, boolean broadcast, Where where) implements StepConfig {}

  /** Add or replace columns computed by SQL expressions. */
  record Derive(Map<String, String> columns, Where where) implements StepConfig {}

  /** Check quality rules at this point of the steps. */
  record Check(List<RuleConfig> rules, Where where) implements StepConfig {}
}
