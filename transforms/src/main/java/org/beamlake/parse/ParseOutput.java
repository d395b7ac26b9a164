package org.beamlake.parse;

import org.apache.beam.sdk.values.Row;

/** Where a file parser sends what it reads; lets the parsers run without a pipeline. */
interface ParseOutput {
  /** The name of the step in every {@link org.beamlake.quarantine.QuarantinedRecord} of parsing. */
  String STEP = "parse";

  void row(Row row);

  void reject(String reason, String payload, String source);

  /**
   * Whether {@link #row} needs each row; an output that only counts says no, and a parser that can
   * may then call {@link #rowCounted} instead, without building the row or its lineage.
   */
  default boolean wantsRows() {
    return true;
  }

  /** A record that parsed into a valid row, for an output that does not want rows. */
  default void rowCounted() {}
}
