package org.beamlake.ml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarIntCoder;

/** A length-prefixed {@code double[]}, bit for bit. */
final class DoublesCoder extends AtomicCoder<double[]> {
  static final DoublesCoder INSTANCE = new DoublesCoder();

  @Override
  public void encode(double[] values, OutputStream out) throws IOException {
    VarIntCoder.of().encode(values.length, out);
    DataOutputStream data = new DataOutputStream(out);
    for (double value : values) {
      data.writeLong(Double.doubleToRawLongBits(value));
    }
    data.flush();
  }

  @Override
  public double[] decode(InputStream in) throws IOException {
    double[] values = new double[VarIntCoder.of().decode(in)];
    DataInputStream data = new DataInputStream(in);
    for (int i = 0; i < values.length; i++) {
      values[i] = Double.longBitsToDouble(data.readLong());
    }
    return values;
  }
}
