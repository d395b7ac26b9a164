package org.beamlake.ml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * The k-means state bit for bit. Java serialization would do, but its coder compares states by
 * {@code equals}, which arrays do not have, so the DirectRunner's mutation checks warned on every
 * element; this coder's structural value is its encoding.
 */
final class KMeansStateCoder extends AtomicCoder<KMeansState> {
  static final KMeansStateCoder INSTANCE = new KMeansStateCoder();

  @Override
  public void encode(KMeansState state, OutputStream out) throws IOException {
    VarIntCoder.of().encode(state.centres().size(), out);
    for (double[] centre : state.centres()) {
      DoublesCoder.INSTANCE.encode(centre, out);
    }
    VarIntCoder.of().encode(state.iterations(), out);
    BooleanCoder.of().encode(state.converged(), out);
  }

  @Override
  public KMeansState decode(InputStream in) throws IOException {
    int size = VarIntCoder.of().decode(in);
    List<double[]> centres = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      centres.add(DoublesCoder.INSTANCE.decode(in));
    }
    int iterations = VarIntCoder.of().decode(in);
    return new KMeansState(centres, iterations, BooleanCoder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
