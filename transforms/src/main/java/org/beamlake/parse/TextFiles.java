package org.beamlake.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.io.ByteStreams;

/** Opens matched files as text, decompressed by {@link ReadableFile#open()}, without a byte-order mark. */
final class TextFiles {
  /** At most this many characters of a file go into the payload of a whole-file reject. */
  static final int MAX_PAYLOAD_CHARS = 64 * 1024;

  private static final char BOM = '\uFEFF';

  private TextFiles() {}

  /** Where a record or file came from: the resource id of the matched file. */
  static String source(ReadableFile file) {
    return file.getMetadata().resourceId().toString();
  }

  /**
   * A streaming reader of the file. Bytes that are not valid in the charset fail the read with a
   * {@link CharacterCodingException} (see {@link StrictDecoder}) rather than becoming U+FFFD silently.
   */
  static Reader open(ReadableFile file, Charset charset) throws IOException {
    return new BomRemovingReader(new StrictDecoder(Channels.newInputStream(file.open()), charset));
  }

  /**
   * A streaming reader of bytes {@code [start, end)} of an uncompressed file, as {@link #open(ReadableFile, Charset)}
   * reads the whole file; a byte-order mark is removed only at the file's start.
   */
  static Reader open(FileRange range, Charset charset) throws IOException {
    if (range.isWholeFile()) {
      return open(range.file(), charset);
    }
    Reader text = new StrictDecoder(bytes(range), charset, range.start(), range.firstLine());
    return range.start() == 0 ? new BomRemovingReader(text) : text;
  }

  /** The bytes of a part of an uncompressed file. */
  private static InputStream bytes(FileRange range) throws IOException {
    SeekableByteChannel channel = range.file().openSeekable();
    channel.position(range.start());
    InputStream bytes = Channels.newInputStream(channel);
    return range.end() == FileRange.TO_THE_END ? bytes : ByteStreams.limit(bytes, range.end() - range.start());
  }

  /** The first {@link #MAX_PAYLOAD_CHARS} characters of a part of a file, bad bytes replaced. */
  static String head(FileRange range, Charset charset) throws IOException {
    if (range.isWholeFile()) {
      return head(range.file(), charset);
    }
    return head(new InputStreamReader(bytes(range), charset));
  }

  /** The first {@link #MAX_PAYLOAD_CHARS} characters of the file, bad bytes replaced. */
  static String head(ReadableFile file, Charset charset) throws IOException {
    return head(new BomRemovingReader(new InputStreamReader(Channels.newInputStream(file.open()), charset)));
  }

  private static String head(Reader opened) throws IOException {
    try (Reader reader = opened) {
      char[] text = new char[MAX_PAYLOAD_CHARS];
      int length = 0;
      while (length < text.length) {
        int n = reader.read(text, length, text.length - length);
        if (n < 0) {
          break;
        }
        length += n;
      }
      return new String(text, 0, length);
    }
  }

  /** Drops a byte-order mark (U+FEFF after decoding) at the start; lazily, so errors surface on read. */
  private static final class BomRemovingReader extends Reader {
    private final Reader in;
    private boolean atStart = true;

    BomRemovingReader(Reader in) {
      this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (atStart && n > 0) {
        atStart = false;
        if (buffer[offset] == BOM) {
          System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
          return n == 1 ? read(buffer, offset, length) : n - 1;
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
