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
import org.beamlake.quarantine.QuarantinedRecordCoder;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.StepCounts;

/**
 * Parses each part of a file (or whole file) with a {@link FileParser} for its rejects, to {@link
 * RowResult#REJECTS}, and how many rows and rejects it read, to {@link RowResult#COUNTS} ({@link
 * StepCounts#ROWS}, {@link StepCounts#REJECTS}); {@link RowsFn} parses the same parts again for
 * the rows. See {@link #inParts}.
 */
final class ParseRangeFn extends DoFn<FileRange, QuarantinedRecord> {
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
   *
   * <p>Each part is parsed twice: once for its rows alone, once for its rejects and counts. One
   * step with the three outputs would make the Spark runner cache all of them, every row encoded,
   * serialized and written to local disk, then read back (it caches every multi-output step); the
   * second parse costs less than that cache (BENCHMARKS.md). The parts are few and small, and raw
   * files never change, so both parses read the same records.
   */
  static RowResult inParts(PCollection<ReadableFile> files, FileParser parser, long partBytes, Schema rowSchema) {
    PCollection<FileRange> parts = files
        .apply("SplitFiles", ParDo.of(new SplitFileFn(parser, partBytes)))
        .setCoder(FileRange.RangeCoder.of());
    if (parser.canCut()) {
      // Spread the parts of one file over the workers; files that cannot be cut stay as they are.
      parts = parts.apply("SpreadParts", Reshuffle.viaRandomKey());
    }
    PCollection<Row> rows = parts.apply("ParseRecords", ParDo.of(new RowsFn(parser))).setRowSchema(rowSchema);
    PCollectionTuple checked = parts.apply("CountRecords",
        ParDo.of(new ParseRangeFn(parser)).withOutputTags(RowResult.REJECTS, TupleTagList.of(RowResult.COUNTS)));
    return RowResult.of(rows, checked.get(RowResult.REJECTS).setCoder(QuarantinedRecordCoder.of()),
        checked.get(RowResult.COUNTS));
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
        n[ROWS]++;
      }

      @Override
      public boolean wantsRows() {
        return false;
      }

      @Override
      public void rowCounted() {
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

  /** The rows of each part; its rejects are left to {@link ParseRangeFn}. */
  static final class RowsFn extends DoFn<FileRange, Row> {
    private static final long serialVersionUID = 1L;
    private final FileParser parser;

    RowsFn(FileParser parser) {
      this.parser = parser;
    }

    @ProcessElement
    public void process(@Element FileRange range, OutputReceiver<Row> out) throws IOException {
      parser.parse(range, new ParseOutput() {
        @Override
        public void row(Row row) {
          out.output(row);
        }

        @Override
        public void reject(String reason, String payload, String source) {}
      });
    }
  }
}
