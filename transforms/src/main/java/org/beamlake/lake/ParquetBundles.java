package org.beamlake.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.beamlake.quarantine.QuarantinedRecordCoder;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.RowStep;
import org.beamlake.quarantine.RowStepRun;
import org.beamlake.quarantine.StepCounts;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link WriteParquet#inBundles}: each bundle writes its rows to Parquet files of its own, the
 * completed files' names are listed as data ({@link FileLists}), and after the pipeline the listed
 * files are moved into the table's directory. A fixed number of shards groups every row by shard
 * first: on Spark one more shuffle of the whole table, and a table of one shard written by one
 * task (BENCHMARKS.md).
 */
final class ParquetBundles {
  /** The list of completed files, in the bundle directory. */
  static final String LIST = "files.list";
  /** Bytes after which a bundle starts a new file (checked after each row group Parquet flushes). */
  static final long FILE_BYTES = 256L << 20;
  /**
   * Values (rows times columns) after which a bundle starts a new file: about 1.3 million rows of 6
   * columns, fewer of wider rows. Beam's Spark runner keeps every output of one input element in
   * memory until the element is done, and ParquetIO reads a file of up to 64 MB of row groups as one
   * element: a table of 16 M rows in two files had all its rows on the heap at once while the
   * analytics read it (BENCHMARKS.md). Files of bounded rows keep a reader's memory bounded, whatever
   * the table's size.
   */
  static final long FILE_VALUES = 8_000_000;

  private ParquetBundles() {}

  /** The names of the completed files, the writer's main output. */
  static final TupleTag<String> NAMES = new TupleTag<String>("names") {};

  /**
   * Writes {@code rows}, or with a {@code step}, the rows the step sends on; returns the step's
   * rejects ({@link RowResult#REJECTS}) and counts ({@link RowResult#COUNTS}), or nothing without one.
   */
  static PCollectionTuple write(PCollection<Row> rows, @Nullable RowStep step, String bundleDirectory,
      SerializableFunction<Row, GenericRecord> toRecord, String avroJson) {
    WriteFn fn = new WriteFn(bundleDirectory, toRecord, avroJson, FILE_BYTES, FILE_VALUES, step);
    PCollectionTuple out = step == null
        ? rows.apply("WriteBundles", ParDo.of(fn).withOutputTags(NAMES, TupleTagList.empty()))
        : rows.apply("WriteBundles", ParDo.of(fn).withSideInputs(step.sideInputs())
            .withOutputTags(NAMES, TupleTagList.of(RowResult.REJECTS).and(RowResult.COUNTS)));
    FileLists.write(out.get(NAMES), bundleDirectory + LIST, "ListFiles");
    if (step == null) {
      return PCollectionTuple.empty(rows.getPipeline());
    }
    return PCollectionTuple
        .of(RowResult.REJECTS, out.get(RowResult.REJECTS).setCoder(QuarantinedRecordCoder.of()))
        .and(RowResult.COUNTS, out.get(RowResult.COUNTS).setCoder(StepCounts.coder()));
  }

  static int publish(String bundleDirectory, String directory) {
    List<String> files = new ArrayList<>(FileLists.read(bundleDirectory + LIST));
    files.sort(null);
    List<ResourceId> from = new ArrayList<>();
    List<ResourceId> to = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      from.add(FileSystems.matchNewResource(files.get(i), false));
      to.add(FileSystems.matchNewResource(directory + String.format("part-%05d-of-%05d.parquet", i, files.size()), false));
    }
    try {
      if (!from.isEmpty()) {
        FileSystems.rename(from, to);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not move the files of " + Lake.display(bundleDirectory) + " to "
          + Lake.display(directory), e);
    }
    return files.size();
  }

  /** The rows of a file of {@code columns} columns: {@code fileValues} values, at least one row. */
  static long fileRows(long fileValues, int columns) {
    return Math.max(1, fileValues / Math.max(1, columns));
  }

  /**
   * Writes a bundle's rows to files of about {@code fileBytes} and {@code fileValues} values (rows
   * times columns) at most; emits each file's name once closed. With a step, each row goes through
   * it first ({@link RowStepRun}): its rows are written, its rejects and counts are outputs.
   */
  static final class WriteFn extends DoFn<Row, String> {
    private final String bundleDirectory;
    private final SerializableFunction<Row, GenericRecord> toRecord;
    private final ParquetFormat format;
    private final long fileBytes;
    private final long fileRows;
    private final @Nullable RowStep step;
    private transient BundleFiles<GenericRecord> files;
    private transient @Nullable RowStepRun run;

    WriteFn(String bundleDirectory, SerializableFunction<Row, GenericRecord> toRecord, String avroJson, long fileBytes,
        long fileValues, @Nullable RowStep step) {
      this.bundleDirectory = bundleDirectory;
      this.toRecord = toRecord;
      this.format = new ParquetFormat(avroJson);
      this.fileBytes = fileBytes;
      this.fileRows = fileRows(fileValues, new org.apache.avro.Schema.Parser().parse(avroJson).getFields().size());
      this.step = step;
    }

    @StartBundle
    public void start() {
      files = new BundleFiles<>(bundleDirectory, ".parquet", fileBytes, fileRows, format);
      run = step == null ? null : new RowStepRun(step);
    }

    @ProcessElement
    public void process(ProcessContext context, BoundedWindow window, MultiOutputReceiver out) {
      OutputReceiver<String> names = out.get(NAMES);
      if (run == null) {
        write(context.element(), names);
      } else {
        run.apply(context.element(), window, RowStepRun.sideInputs(context), row -> write(row, names),
            out.get(RowResult.REJECTS)::output);
      }
    }

    private void write(Row row, OutputReceiver<String> names) {
      String done;
      try {
        done = files.write(toRecord.apply(row));
      } catch (IOException e) {
        throw new UncheckedIOException("could not write a Parquet file under " + Lake.display(bundleDirectory), e);
      }
      if (done != null) {
        names.output(done);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) throws IOException {
      String last = files.finish();
      if (last != null) {
        c.output(NAMES, last, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      if (run != null) {
        run.emitCounts(c);
      }
    }

    @Teardown
    public void teardown() throws IOException {
      if (files != null) {
        files.abandon();
      }
    }
  }

  /**
   * Parquet files of Avro records, through ParquetIO's sink (Snappy). Parquet writes a file's bytes
   * a row group at a time, so a file's size is known, and a new file started, at row groups.
   */
  static final class ParquetFormat implements BundleFiles.Format<GenericRecord> {
    private final String avroJson;
    private transient org.apache.avro.Schema avro;

    ParquetFormat(String avroJson) {
      this.avroJson = avroJson;
    }

    @Override
    public BundleFiles.Writer<GenericRecord> open(WritableByteChannel file) throws IOException {
      if (avro == null) {
        avro = new org.apache.avro.Schema.Parser().parse(avroJson);
      }
      CountingChannel channel = new CountingChannel(file);
      ParquetIO.Sink sink = ParquetIO.sink(avro);
      sink.open(channel);
      return new BundleFiles.Writer<>() {
        @Override
        public void write(GenericRecord record) throws IOException {
          sink.write(record);
        }

        @Override
        public long bytes() {
          return channel.bytes;
        }

        @Override
        public void close() throws IOException {
          sink.flush();
          channel.close();
        }
      };
    }
  }

  /** Counts the bytes written through it; closes the channel once (Parquet's writer closes it too). */
  private static final class CountingChannel implements WritableByteChannel {
    private final WritableByteChannel channel;
    private long bytes;
    private boolean closed;

    CountingChannel(WritableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      int n = channel.write(src);
      bytes += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        channel.close();
      }
    }
  }
}
