package org.beamlake.parse;

import org.apache.beam.sdk.values.Row;

/** Where a file parser sends what it reads; lets the parsers run without a pipeline. */
interface ParseOutput {
  /** The name of the step in every {@link org.beamlake.quarantine.QuarantinedRecord} of parsing. */
  String STEP = "parse";

  void row(Row row);

  void reject(String reason, String payload, String source);
}
