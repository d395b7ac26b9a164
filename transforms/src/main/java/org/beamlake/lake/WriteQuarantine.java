package org.beamlake.lake;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.beamlake.quarantine.QuarantinedRecord;

/**
 * Writes quarantined records as JSON lines ({@link QuarantinedRecord#toJson}) into a (staging)
 * directory: one file, {@code rejected.jsonl}. One object per line with {@code step}, {@code
 * rule}, {@code reason}, {@code source} and {@code payload}.
 *
 * <pre>{@code
 * rejects.apply(WriteQuarantine.to(lake.staging(runId, "quarantine", "orders")));
 * }</pre>
 */
public final class WriteQuarantine extends PTransform<PCollection<QuarantinedRecord>, PDone> {
  private final String directory;

  private WriteQuarantine(String directory) {
    this.directory = directory;
  }

  public static WriteQuarantine to(String directory) {
    checkArgument(directory != null && directory.endsWith("/"), "directory must end with '/', got %s", directory);
    return new WriteQuarantine(directory);
  }

  @Override
  public PDone expand(PCollection<QuarantinedRecord> input) {
    input.apply("ToJson", MapElements.into(TypeDescriptors.strings()).via(QuarantinedRecord::toJson))
        .apply("WriteJsonLines", TextIO.write().to(directory + "rejected").withSuffix(".jsonl").withoutSharding());
    return PDone.in(input.getPipeline());
  }
}
