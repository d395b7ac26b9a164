package org.beamlake.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.io.ReadableFileCoder;

/**
 * A part of a file that starts and ends at record boundaries: bytes {@code [start, end)} (an {@code
 * end} of {@link #TO_THE_END} means the rest of the file), the first of which is the start of
 * physical line {@code firstLine}. The whole file is {@code (0, TO_THE_END, 1)}.
 */
final class FileRange {
  static final long TO_THE_END = Long.MAX_VALUE;

  private final ReadableFile file;
  private final long start;
  private final long end;
  private final long firstLine;

  FileRange(ReadableFile file, long start, long end, long firstLine) {
    this.file = file;
    this.start = start;
    this.end = end;
    this.firstLine = firstLine;
  }

  /** Where a part of a file starts: its first byte and the line that byte starts. */
  record Cut(long position, long line) {}

  static FileRange whole(ReadableFile file) {
    return new FileRange(file, 0, TO_THE_END, 1);
  }

  ReadableFile file() {
    return file;
  }

  long start() {
    return start;
  }

  long end() {
    return end;
  }

  long firstLine() {
    return firstLine;
  }

  boolean isWholeFile() {
    return start == 0 && end == TO_THE_END;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileRange r && file.equals(r.file) && start == r.start && end == r.end
        && firstLine == r.firstLine;
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, start, end, firstLine);
  }

  @Override
  public String toString() {
    return TextFiles.source(file) + "[" + start + ", " + (end == TO_THE_END ? "end" : end) + ") from line " + firstLine;
  }

  /** The file as {@link ReadableFileCoder} codes it, then start, end and first line. */
  static final class RangeCoder extends AtomicCoder<FileRange> {
    private static final long serialVersionUID = 1L;
    private static final RangeCoder INSTANCE = new RangeCoder();
    private static final Coder<ReadableFile> FILE = ReadableFileCoder.of();
    private static final Coder<Long> LONG = VarLongCoder.of();

    static RangeCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(FileRange range, OutputStream out) throws IOException {
      FILE.encode(range.file, out);
      LONG.encode(range.start, out);
      LONG.encode(range.end, out);
      LONG.encode(range.firstLine, out);
    }

    @Override
    public FileRange decode(InputStream in) throws IOException {
      return new FileRange(FILE.decode(in), LONG.decode(in), LONG.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
