package org.beamlake.parse;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.StepCounts;

/**
 * Parses each part of a file (or whole file) with a {@link FileParser}: rows to {@link
 * RowResult#ROWS}, rejects to {@link RowResult#REJECTS}, and how many of each to {@link
 * RowResult#COUNTS} ({@link StepCounts#ROWS}, {@link StepCounts#REJECTS}).
 */
final class ParseRangeFn extends DoFn<FileRange, Row> {
  private static final long serialVersionUID = 1L;
  private static final int ROWS = 0;
  private static final int REJECTS = 1;

  private final FileParser parser;
  private transient StepCounts counts;

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
        ParDo.of(new ParseRangeFn(parser))
            .withOutputTags(RowResult.ROWS, TupleTagList.of(RowResult.REJECTS).and(RowResult.COUNTS)));
    parsed.get(RowResult.ROWS).setRowSchema(rowSchema);
    return RowResult.of(parsed);
  }

  @StartBundle
  public void startBundle() {
    counts = new StepCounts(List.of(StepCounts.ROWS, StepCounts.REJECTS));
  }

  @ProcessElement
  public void process(@Element FileRange range, BoundedWindow window, MultiOutputReceiver out) throws IOException {
    long[] n = new long[2];
    parser.parse(range, new ParseOutput() {
      @Override
      public void row(Row row) {
        out.get(RowResult.ROWS).output(row);
        n[ROWS]++;
      }

      @Override
      public void reject(String reason, String payload, String source) {
        out.get(RowResult.REJECTS).output(new QuarantinedRecord(STEP, null, reason, payload, source));
        n[REJECTS]++;
      }
    });
    counts.add(ROWS, window, n[ROWS]);
    counts.add(REJECTS, window, n[REJECTS]);
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    counts.emit(context);
  }
}
