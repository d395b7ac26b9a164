package org.beamlake.stage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.beamlake.lake.BundleFiles;
import org.beamlake.lake.FileLists;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.QuarantinedRecordCoder;
import org.beamlake.schema.CoderBuffer;
import org.beamlake.schema.Rows;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A dataset's rows and rejects as they were before a data-dependent step, kept by the profiling
 * pass that profiled them, so that the passes after it and the ETL pipeline continue from there
 * instead of parsing the raw files and applying the steps before it again (on the benchmark's
 * observations, the parse and the group-mean fill are a third of the ETL stage).
 *
 * <p>Each bundle writes its elements, encoded with their coders (Beam's {@code RowCoder}, lineage
 * included), to a file of its own under the stage's staging area (which the stage deletes when it
 * ends), and once the file is closed emits its name; the names are written to a list, and only the
 * listed files are read back. A retried or recomputed task writes another file but its name is an
 * element produced once, as {@link RowCounts} relies on, so a file left by a failed attempt is never
 * read: nothing is lost or read twice. No shuffle, unlike Beam's file sinks with a fixed number
 * of shards (which cost the benchmark 8 s at 1M rows). Each checkpoint has a directory of its own,
 * so a stage killed and run again with the same run id never reads another attempt's files.
 *
 * @param step the index of the step to continue from
 * @param schema the rows' schema there
 * @param rows the file listing the files of rows
 * @param rejects the file listing the files of rejects
 */
record Checkpoint(int step, Schema schema, String rows, String rejects) {

  /** A checkpoint, and what a {@code CombineFn} made of its rows while they were written. */
  record Kept<O>(Checkpoint checkpoint, PCollection<O> combined) {}

  /**
   * Adds the writes of {@code rows} and {@code rejects} to their pipeline, the checkpoint readable
   * once it has run; {@code alongside} is fed every row as it is written, and its output (one
   * element, none if no bundle ran) is in {@link Kept#combined}. The rows are read once: on Spark a
   * second reader (a profile beside the write) would cache them whole first.
   */
  static <A, O> Kept<O> write(StageContext ctx, String dataset, int step, PCollection<Row> rows,
      PCollection<QuarantinedRecord> rejects, CombineFn<Row, A, O> alongside) {
    String dir = ctx.lake().staging(ctx.runId(), "checkpoint", dataset + "-step" + step + "-" + UUID.randomUUID());
    Schema schema = rows.getSchema();
    RowCoder coder = RowCoder.of(schema);
    TupleTag<String> names = new TupleTag<String>("files") {};
    TupleTag<A> partials = new TupleTag<A>("partials") {};
    PCollectionTuple written = rows.apply(dataset + "/CheckpointRows/Write",
        ParDo.of(new WriteBundles<>(coder, dir + "rows-", WriteBundles.FILE_BYTES, alongside, partials))
            .withOutputTags(names, TupleTagList.of(partials)));
    String rowList = list(written.get(names), dir + "rows.list", dataset + "/CheckpointRows");
    Coder<A> partialCoder;
    Coder<O> outputCoder;
    try {
      partialCoder = alongside.getAccumulatorCoder(rows.getPipeline().getCoderRegistry(), coder);
      outputCoder = alongside.getDefaultOutputCoder(rows.getPipeline().getCoderRegistry(), coder);
    } catch (CannotProvideCoderException e) {
      throw new IllegalArgumentException("no coder for the accumulator or the output of " + alongside, e);
    }
    PCollection<O> combined = written.get(partials).setCoder(partialCoder)
        .apply(dataset + "/CheckpointRows/Combine",
            Combine.globally(new MergePartials<>(alongside, outputCoder)).withoutDefaults())
        .setCoder(outputCoder);
    String rejectList = list(rejects.apply(dataset + "/CheckpointRejects/Write",
        ParDo.of(new WriteBundles<>(QuarantinedRecordCoder.of(), dir + "rejects-"))), dir + "rejects.list",
        dataset + "/CheckpointRejects");
    return new Kept<>(new Checkpoint(step, schema, rowList, rejectList), combined);
  }

  private static String list(PCollection<String> files, String list, String name) {
    FileLists.write(files, list, name + "/List");
    return list;
  }

  /**
   * A {@code CombineFn}'s partial accumulators, one per bundle of {@link WriteBundles}, merged
   * into its output.
   */
  static final class MergePartials<A, O> extends CombineFn<A, A, O> {
    private final CombineFn<?, A, O> fn;
    private final Coder<O> outputCoder;

    MergePartials(CombineFn<?, A, O> fn, Coder<O> outputCoder) {
      this.fn = fn;
      this.outputCoder = outputCoder;
    }

    @Override
    public A createAccumulator() {
      return fn.createAccumulator();
    }

    @Override
    public A addInput(A accumulator, A partial) {
      return fn.mergeAccumulators(List.of(accumulator, partial));
    }

    @Override
    public A mergeAccumulators(Iterable<A> accumulators) {
      return fn.mergeAccumulators(accumulators);
    }

    @Override
    public O extractOutput(A accumulator) {
      return fn.extractOutput(accumulator);
    }

    @Override
    public Coder<A> getAccumulatorCoder(CoderRegistry registry, Coder<A> partialCoder) {
      return partialCoder;
    }

    @Override
    public Coder<O> getDefaultOutputCoder(CoderRegistry registry, Coder<A> partialCoder) {
      return outputCoder;
    }
  }

  PCollection<Row> readRows(PBegin begin, String dataset) {
    return read(begin, rows, RowCoder.of(schema), null, dataset + "/ResumeRows").setRowSchema(schema);
  }

  /**
   * The rows with only {@code kept} of their columns, in the checkpoint's order: the column drops
   * that follow a checkpoint (the steps it was taken for) made as it is read, one runner step less
   * for every row.
   */
  PCollection<Row> readRows(PBegin begin, String dataset, List<String> kept) {
    Schema.Builder builder = Schema.builder();
    for (Schema.Field field : schema.getFields()) {
      if (kept.contains(field.getName())) {
        builder.addField(field);
      }
    }
    Schema keptSchema = builder.build();
    return read(begin, rows, RowCoder.of(schema), new Project(schema, keptSchema), dataset + "/ResumeRows")
        .setRowSchema(keptSchema);
  }

  /** A row narrowed to the fields of {@code to}, which are some of {@code from}'s, in order. */
  private static final class Project implements SerializableFunction<Row, Row> {
    private final Schema to;
    private final int[] indexes;

    Project(Schema from, Schema to) {
      this.to = to;
      this.indexes = to.getFieldNames().stream().mapToInt(from::indexOf).toArray();
    }

    @Override
    public Row apply(Row row) {
      return Rows.select(to, row, indexes);
    }
  }

  PCollection<QuarantinedRecord> readRejects(PBegin begin, String dataset) {
    return read(begin, rejects, QuarantinedRecordCoder.of(), null, dataset + "/ResumeRejects")
        .setCoder(QuarantinedRecordCoder.of());
  }

  private static <T> PCollection<T> read(PBegin begin, String list, Coder<T> coder,
      @Nullable SerializableFunction<T, T> then, String name) {
    List<String> files = FileLists.read(list);
    if (files.isEmpty()) {
      return begin.apply(name, Create.empty(coder));
    }
    return begin.apply(name + "/Files", Create.of(files).withCoder(StringUtf8Coder.of()))
        .apply(name + "/Read", ParDo.of(new ReadFile<>(coder, then)));
  }

  /**
   * Writes each bundle's elements, length-prefixed, to files of at most {@link #FILE_BYTES} bytes
   * (a new file after that, {@link BundleFiles}); emits each file's name once it is closed. The
   * bound is for the reader: one file is one element of the read, and the Spark runner holds all
   * the outputs of one element in memory before it passes them on (a whole bundle's file was 2 M
   * decoded rows at the benchmark's 4 M, past a 4 GiB heap).
   */
  static final class WriteBundles<T, A> extends DoFn<T, String> {
    /** Encoded bytes per file: about 100,000 rows of the benchmark's. */
    static final long FILE_BYTES = 16L << 20;

    private final CoderFormat<T> format;
    private final String prefix;
    private final long fileBytes;
    private final @Nullable CombineFn<T, A, ?> alongside;
    private final @Nullable TupleTag<A> partials;
    private transient BundleFiles<T> files;
    private transient A partial;

    WriteBundles(Coder<T> coder, String prefix) {
      this(coder, prefix, FILE_BYTES);
    }

    WriteBundles(Coder<T> coder, String prefix, long fileBytes) {
      this(coder, prefix, fileBytes, null, null);
    }

    /**
     * Also feeds every element to {@code alongside}, and emits the bundle's accumulator to {@code
     * partials} when the bundle finishes (also for a bundle without elements).
     */
    WriteBundles(Coder<T> coder, String prefix, long fileBytes, @Nullable CombineFn<T, A, ?> alongside,
        @Nullable TupleTag<A> partials) {
      this.format = new CoderFormat<>(coder);
      this.prefix = prefix;
      this.fileBytes = fileBytes;
      this.alongside = alongside;
      this.partials = partials;
    }

    @StartBundle
    public void start() {
      files = new BundleFiles<>(prefix, ".bin", fileBytes, format);
      partial = alongside == null ? null : alongside.createAccumulator();
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<String> names) throws IOException {
      if (alongside != null) {
        partial = alongside.addInput(partial, element);
      }
      String done = files.write(element);
      if (done != null) {
        names.output(done);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) throws IOException {
      String last = files.finish();
      if (last != null) {
        c.output(last, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      if (alongside != null) {
        c.output(partials, partial, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        partial = null;
      }
    }

    @Teardown
    public void teardown() throws IOException {
      if (files != null) {
        files.abandon();
      }
    }
  }

  /** Elements encoded with their coder, each after its length (a {@link VarInt}), as {@link ReadFile} reads them. */
  static final class CoderFormat<T> implements BundleFiles.Format<T> {
    private final Coder<T> coder;

    CoderFormat(Coder<T> coder) {
      this.coder = coder;
    }

    @Override
    public BundleFiles.Writer<T> open(WritableByteChannel channel) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      return new BundleFiles.Writer<>() {
        private final CoderBuffer buffer = new CoderBuffer(1024);
        private long written;

        @Override
        public void write(T element) throws IOException {
          buffer.reset();
          coder.encode(element, buffer, Coder.Context.OUTER);
          VarInt.encode(buffer.size(), out);
          out.write(buffer.array(), 0, buffer.size());
          written += VarInt.getLength(buffer.size()) + buffer.size();
        }

        @Override
        public long bytes() {
          return written;
        }

        @Override
        public void close() throws IOException {
          out.close();
        }
      };
    }
  }

  /** Reads the elements of one file that {@link WriteBundles} wrote. */
  static final class ReadFile<T> extends DoFn<String, T> {
    private final Coder<T> coder;
    private final @Nullable SerializableFunction<T, T> then;

    /** Reads elements with {@code coder}; {@code then}, if given, is applied to each before it is sent on. */
    ReadFile(Coder<T> coder, @Nullable SerializableFunction<T, T> then) {
      this.coder = coder;
      this.then = then;
    }

    @ProcessElement
    public void process(@Element String file, OutputReceiver<T> out) throws IOException {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(
          Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(file, false))), 1 << 16))) {
        while (true) {
          int length;
          try {
            length = VarInt.decodeInt(in);
          } catch (EOFException end) {
            return;
          }
          byte[] bytes = new byte[length];
          in.readFully(bytes);
          CoderBuffer.Reader reader = new CoderBuffer.Reader(bytes);
          T element = coder.decode(reader, Coder.Context.OUTER);
          if (reader.remaining() != 0) {
            throw new IOException(file + ": an element of the checkpoint did not use its " + length + " bytes ("
                + reader.remaining() + " left); the file is not the one this coder wrote");
          }
          out.output(then == null ? element : then.apply(element));
        }
      }
    }
  }
}
