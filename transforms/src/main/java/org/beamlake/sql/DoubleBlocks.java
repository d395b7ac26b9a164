package org.beamlake.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.io.ByteStreams;

/**
 * Doubles written and read as one block of big-endian bytes, for the accumulator coders. A coder
 * writing each double by itself makes eight calls on a stream that locks on every call (Beam's
 * {@code DoubleCoder} through {@code ByteArrayOutputStream}); a median's accumulator holds every
 * value of its group, and decoding them one by one was a tenth of the merge that follows the
 * shuffle (BENCHMARKS.md, "Rows grouped in blocks").
 */
final class DoubleBlocks {
  private DoubleBlocks() {}

  /** Writes the first {@code count} of {@code values}, exactly (their raw bits). */
  static void write(double[] values, int count, OutputStream out) throws IOException {
    byte[] bytes = new byte[count * Double.BYTES];
    ByteBuffer.wrap(bytes).asDoubleBuffer().put(values, 0, count);
    out.write(bytes);
  }

  /** Reads {@code count} doubles into a new array of at least {@code capacity}. */
  static double[] read(InputStream in, int count, int capacity) throws IOException {
    if (count < 0) {
      throw new IOException("not an encoded block of doubles: count " + count);
    }
    byte[] bytes = new byte[count * Double.BYTES];
    ByteStreams.readFully(in, bytes);
    double[] values = new double[Math.max(count, capacity)];
    ByteBuffer.wrap(bytes).asDoubleBuffer().get(values, 0, count);
    return values;
  }
}
