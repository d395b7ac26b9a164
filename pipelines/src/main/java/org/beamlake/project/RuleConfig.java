package org.beamlake.project;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A quality rule as written in the project.
 *
 * @param kind one of {@code not_null, unique, range, allowed_values, regex, references}
 * @param columns the columns of {@code not_null} and {@code unique}; else the one column
 * @param action {@code fail}, {@code quarantine} or {@code warn}
 */
public record RuleConfig(
    String kind,
    List<String> columns,
    @Nullable Object min,
    @Nullable Object max,
    List<Object> values,
    @Nullable String pattern,
    @Nullable String refDataset,
    @Nullable String refColumn,
    String action,
    Where where) {

  public String column() {
    return columns.isEmpty() ? "" : columns.get(0);
  }
}
