package org.beamlake.stage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.QuarantinedRecordCoder;

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

  /** Adds the writes of {@code rows} and {@code rejects} to their pipeline; readable once it has run. */
  static Checkpoint write(StageContext ctx, String dataset, int step, PCollection<Row> rows,
      PCollection<QuarantinedRecord> rejects) {
    String dir = ctx.lake().staging(ctx.runId(), "checkpoint", dataset + "-step" + step + "-" + UUID.randomUUID());
    Schema schema = rows.getSchema();
    return new Checkpoint(step, schema, keep(rows, RowCoder.of(schema), dir, "rows", dataset + "/CheckpointRows"),
        keep(rejects, QuarantinedRecordCoder.of(), dir, "rejects", dataset + "/CheckpointRejects"));
  }

  private static <T> String keep(PCollection<T> elements, Coder<T> coder, String dir, String what, String name) {
    String list = dir + what + ".list";
    elements.apply(name + "/Write", ParDo.of(new WriteBundles<>(coder, dir + what + "-")))
        .setCoder(StringUtf8Coder.of())
        .apply(name + "/List", TextIO.write().to(list).withoutSharding());
    return list;
  }

  PCollection<Row> readRows(PBegin begin, String dataset) {
    return read(begin, rows, RowCoder.of(schema), dataset + "/ResumeRows").setRowSchema(schema);
  }

  PCollection<QuarantinedRecord> readRejects(PBegin begin, String dataset) {
    return read(begin, rejects, QuarantinedRecordCoder.of(), dataset + "/ResumeRejects")
        .setCoder(QuarantinedRecordCoder.of());
  }

  private static <T> PCollection<T> read(PBegin begin, String list, Coder<T> coder, String name) {
    List<String> files = listed(list);
    if (files.isEmpty()) {
      return begin.apply(name, Create.empty(coder));
    }
    return begin.apply(name + "/Files", Create.of(files).withCoder(StringUtf8Coder.of()))
        .apply(name + "/Read", ParDo.of(new ReadFile<>(coder)))
        .setCoder(coder);
  }

  private static List<String> listed(String list) {
    try (InputStream in = Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(list, false)))) {
      return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
          .filter(line -> !line.isBlank()).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the checkpoint list " + list, e);
    }
  }

  /**
   * Writes each bundle's elements, length-prefixed, to files of at most {@link #FILE_BYTES} bytes
   * (a new file after that); emits each file's name once it is closed. The bound is for the reader:
   * one file is one element of the read, and the Spark runner holds all the outputs of one element
   * in memory before it passes them on (a whole bundle's file was 2 M decoded rows at the
   * benchmark's 4 M, past a 4 GiB heap).
   */
  static final class WriteBundles<T> extends DoFn<T, String> {
    /** Encoded bytes per file: about 100,000 rows of the benchmark's. */
    static final long FILE_BYTES = 16L << 20;

    private final Coder<T> coder;
    private final String prefix;
    private final long fileBytes;
    private transient OutputStream out;
    private transient String file;
    private transient long written;

    WriteBundles(Coder<T> coder, String prefix) {
      this(coder, prefix, FILE_BYTES);
    }

    WriteBundles(Coder<T> coder, String prefix, long fileBytes) {
      this.coder = coder;
      this.prefix = prefix;
      this.fileBytes = fileBytes;
    }

    @StartBundle
    public void start() {
      out = null;
      file = null;
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<String> names) throws IOException {
      if (out == null) {
        file = prefix + UUID.randomUUID() + ".bin";
        out = new BufferedOutputStream(Channels.newOutputStream(
            FileSystems.create(FileSystems.matchNewResource(file, false), MimeTypes.BINARY)), 1 << 16);
        written = 0;
      }
      byte[] bytes = CoderUtils.encodeToByteArray(coder, element);
      VarInt.encode(bytes.length, out);
      out.write(bytes);
      written += VarInt.getLength(bytes.length) + bytes.length;
      if (written >= fileBytes) {
        names.output(close());
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) throws IOException {
      if (out != null) {
        c.output(close(), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
    }

    /** Closes the open file; returns its name. */
    private String close() throws IOException {
      out.close();
      out = null;
      return file;
    }
  }

  /** Reads the elements of one file that {@link WriteBundles} wrote. */
  static final class ReadFile<T> extends DoFn<String, T> {
    private final Coder<T> coder;

    ReadFile(Coder<T> coder) {
      this.coder = coder;
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
          out.output(CoderUtils.decodeFromByteArray(coder, bytes));
        }
      }
    }
  }
}
