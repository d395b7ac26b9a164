package org.beamlake.schema;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that coders write into, and a reader over such bytes, neither of them
 * synchronized. {@code ByteArrayOutputStream} and {@code ByteArrayInputStream} lock on every
 * call, and a row coder makes several calls per field (a length, then the bytes; a variable-length
 * integer a byte at a time), which is what made encoding rows for a shuffle cost more than the
 * shuffle's own work (BENCHMARKS.md, "Rows grouped in blocks"). For one thread: coders running in
 * one {@code DoFn} instance.
 */
public final class CoderBuffer extends OutputStream {
  private byte[] bytes;
  private int size;

  public CoderBuffer(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  @Override
  public void write(int b) {
    if (size == bytes.length) {
      grow(1);
    }
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (len > bytes.length - size) {
      grow(len);
    }
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  public int size() {
    return size;
  }

  /** The buffer's array; its first {@link #size()} bytes are those written since the last reset. */
  public byte[] array() {
    return bytes;
  }

  /** Forgets what was written; the buffer keeps its capacity. */
  public void reset() {
    size = 0;
  }

  /** A copy of the bytes written since the last reset, and then a reset. */
  public byte[] toByteArrayAndReset() {
    byte[] copy = Arrays.copyOf(bytes, size);
    size = 0;
    return copy;
  }

  private void grow(int needed) {
    long capacity = Math.max((long) bytes.length * 2, (long) size + needed);
    if (capacity > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a buffer of encoded values cannot grow past 2 GiB");
    }
    bytes = Arrays.copyOf(bytes, (int) capacity);
  }

  /** Reads a byte array from its start to its end. */
  public static final class Reader extends InputStream {
    private final byte[] bytes;
    private int position;

    public Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    public int remaining() {
      return bytes.length - position;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (position >= bytes.length) {
        return -1;
      }
      int n = Math.min(len, bytes.length - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long skipped = Math.max(0, Math.min(n, bytes.length - position));
      position += (int) skipped;
      return skipped;
    }

    @Override
    public int available() {
      return bytes.length - position;
    }
  }
}
