package org.beamlake.lake;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.WritableByteChannel;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.util.MimeTypes;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The files one bundle writes, for a DoFn that writes without a shuffle: the first file is opened
 * at the bundle's first element, a new one once the current file holds {@code fileBytes} bytes or
 * {@code fileElements} elements, and each file's name is handed back once the file is closed and
 * complete, for the DoFn to emit as an element (then listed with {@link FileLists}). A retried or
 * recomputed bundle writes files under new names, and a file it left half written is never
 * emitted, so never listed. Used by {@link WriteParquet#inBundles} and by the ETL's checkpoint.
 *
 * <pre>{@code
 * @StartBundle public void start() { files = new BundleFiles<>(directory + "rows-", ".bin", 16L << 20, format); }
 * @ProcessElement public void process(@Element T e, OutputReceiver<String> names) throws IOException {
 *   String done = files.write(e);
 *   if (done != null) names.output(done);
 * }
 * @FinishBundle public void finish(FinishBundleContext c) throws IOException {
 *   String last = files.finish();
 *   if (last != null) c.output(last, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
 * }
 * }</pre>
 */
public final class BundleFiles<T> {
  /** How elements are written to one file. */
  public interface Format<T> extends Serializable {
    /** A writer of elements onto a new file's channel. */
    Writer<T> open(WritableByteChannel channel) throws IOException;
  }

  /** Writes the elements of one file. */
  public interface Writer<T> {
    void write(T element) throws IOException;

    /** The bytes written so far (a writer that buffers may count them when they reach the file). */
    long bytes();

    /** Writes what is buffered and closes the file. */
    void close() throws IOException;
  }

  private final String prefix;
  private final String suffix;
  private final long fileBytes;
  private final long fileElements;
  private final Format<T> format;
  private long elements;
  private @Nullable WritableByteChannel channel;
  private @Nullable Writer<T> writer;
  private @Nullable String file;

  /** Files named {@code prefix + a random UUID + suffix}, a new one after {@code fileBytes}. */
  public BundleFiles(String prefix, String suffix, long fileBytes, Format<T> format) {
    this(prefix, suffix, fileBytes, Long.MAX_VALUE, format);
  }

  /**
   * Files named {@code prefix + a random UUID + suffix}, a new one after {@code fileBytes} or
   * {@code fileElements} elements, whichever comes first.
   */
  public BundleFiles(String prefix, String suffix, long fileBytes, long fileElements, Format<T> format) {
    checkArgument(fileBytes > 0, "fileBytes must be > 0, got %s", fileBytes);
    checkArgument(fileElements > 0, "fileElements must be > 0, got %s", fileElements);
    this.prefix = prefix;
    this.suffix = suffix;
    this.fileBytes = fileBytes;
    this.fileElements = fileElements;
    this.format = format;
  }

  /** Writes the element; returns the name of the file it completed, or null if the file stays open. */
  public @Nullable String write(T element) throws IOException {
    if (writer == null) {
      file = prefix + UUID.randomUUID() + suffix;
      channel = FileSystems.create(FileSystems.matchNewResource(file, false), MimeTypes.BINARY);
      writer = format.open(channel);
      elements = 0;
    }
    writer.write(element);
    elements++;
    return elements >= fileElements || writer.bytes() >= fileBytes ? close() : null;
  }

  /** Closes the open file; returns its name, or null if none is open. */
  public @Nullable String finish() throws IOException {
    return writer == null ? null : close();
  }

  /** Closes the open file's channel without completing the file (a bundle that failed): it is never named. */
  public void abandon() throws IOException {
    writer = null;
    if (channel != null && channel.isOpen()) {
      channel.close();
    }
    channel = null;
  }

  private String close() throws IOException {
    writer.close();
    writer = null;
    channel = null;
    return file;
  }
}
