package org.beamlake.parse;

import java.io.IOException;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;
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

  /**
   * The files parsed by {@code parser}: each cut into parts of about {@code partBytes} where the
   * parser can cut it ({@link SplitFileFn}), the parts spread over the workers, then parsed one part
   * per element; rows get {@code rowSchema}.
   */
  static RowResult inParts(PCollection<ReadableFile> files, FileParser parser, long partBytes, Schema rowSchema) {
    PCollection<FileRange> parts = files
        .apply("SplitFiles", ParDo.of(new SplitFileFn(parser, partBytes)))
        .setCoder(FileRange.RangeCoder.of());
    if (parser.canCut()) {
      // Spread the parts of one file over the workers; files that cannot be cut stay as they are.
      parts = parts.apply("SpreadParts", Reshuffle.viaRandomKey());
    }
    PCollectionTuple parsed = parts.apply("ParseRecords",
        ParDo.of(new ParseRangeFn(parser)).withOutputTags(RowResult.ROWS, TupleTagList.of(RowResult.REJECTS)));
    parsed.get(RowResult.ROWS).setRowSchema(rowSchema);
    return RowResult.of(parsed);
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
