package org.beamlake.project;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Something {@code beamlake test} checks after running the project on its sample data.
 *
 * <ul>
 *   <li>{@code ROWS}: the output {@code zone/name} holds exactly {@code rows} rows;
 *   <li>{@code GOLDEN}: the output equals a CSV file with a header (rows in any order; doubles
 *       within 1e-9 relative);
 *   <li>{@code QUARANTINE_RATIO}: quarantined / read of a dataset is at most {@code ratio}.
 * </ul>
 */
public record Expectation(
    Kind kind, String zone, String name, long rows, @Nullable String goldenFile, double ratio, Where where) {

  /** The kinds of expectation. */
  public enum Kind {
    ROWS,
    GOLDEN,
    QUARANTINE_RATIO
  }
}
