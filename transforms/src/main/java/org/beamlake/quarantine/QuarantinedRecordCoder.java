package org.beamlake.quarantine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** A deterministic coder for {@link QuarantinedRecord}: five nullable UTF-8 strings. */
public final class QuarantinedRecordCoder extends AtomicCoder<QuarantinedRecord> {
  private static final QuarantinedRecordCoder INSTANCE = new QuarantinedRecordCoder();
  private static final Coder<String> STRING = NullableCoder.of(StringUtf8Coder.of());

  private QuarantinedRecordCoder() {}

  public static QuarantinedRecordCoder of() {
    return INSTANCE;
  }

  /** Lets {@code @DefaultCoder} find this coder. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(QuarantinedRecord.class), INSTANCE);
  }

  @Override
  public void encode(QuarantinedRecord value, OutputStream out) throws IOException {
    STRING.encode(value.step(), out);
    STRING.encode(value.rule(), out);
    STRING.encode(value.reason(), out);
    STRING.encode(value.payload(), out);
    STRING.encode(value.source(), out);
  }

  @Override
  public QuarantinedRecord decode(InputStream in) throws IOException {
    return new QuarantinedRecord(
        STRING.decode(in), STRING.decode(in), STRING.decode(in), STRING.decode(in), STRING.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
