package org.beamlake.clean;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** A deterministic coder for {@link ColumnProfile}: name, rows, nulls, constant, allNull. */
public final class ColumnProfileCoder extends AtomicCoder<ColumnProfile> {
  private static final ColumnProfileCoder INSTANCE = new ColumnProfileCoder();

  private ColumnProfileCoder() {}

  public static ColumnProfileCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} find this coder. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(ColumnProfile.class), INSTANCE);
  }

  @Override
  public void encode(ColumnProfile value, OutputStream out) throws IOException {
    StringUtf8Coder.of().encode(value.name(), out);
    VarLongCoder.of().encode(value.rows(), out);
    VarLongCoder.of().encode(value.nulls(), out);
    BooleanCoder.of().encode(value.constant(), out);
    BooleanCoder.of().encode(value.allNull(), out);
  }

  @Override
  public ColumnProfile decode(InputStream in) throws IOException {
    return new ColumnProfile(
        StringUtf8Coder.of().decode(in),
        VarLongCoder.of().decode(in),
        VarLongCoder.of().decode(in),
        BooleanCoder.of().decode(in),
        BooleanCoder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
