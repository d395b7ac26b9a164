package org.beamlake.parse;

import java.io.IOException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;

/**
 * Parses each part of a file (or whole file) with a {@link FileParser}: rows to {@link
 * RowResult#ROWS}, rejects to {@link RowResult#REJECTS}.
 */
final class ParseRangeFn extends DoFn<FileRange, Row> {
  private static final long serialVersionUID = 1L;

  private final FileParser parser;

  ParseRangeFn(FileParser parser) {
    this.parser = parser;
  }

  @ProcessElement
  public void process(@Element FileRange range, MultiOutputReceiver out) throws IOException {
    parser.parse(range, new ParseOutput() {
      @Override
      public void row(Row row) {
        out.get(RowResult.ROWS).output(row);
      }

      @Override
      public void reject(String reason, String payload, String source) {
        out.get(RowResult.REJECTS).output(new QuarantinedRecord(STEP, null, reason, payload, source));
      }
    });
  }
}
