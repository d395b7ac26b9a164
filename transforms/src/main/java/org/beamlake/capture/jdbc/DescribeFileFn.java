package org.beamlake.capture.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.beamlake.capture.CaptureCounters;
import org.beamlake.capture.CapturedFile;

/**
 * Reads back one written file to describe it as it is on storage: size, SHA-256 and records (one
 * per line), with the target's plan details.
 */
class DescribeFileFn extends DoFn<String, CapturedFile> {
  private static final long serialVersionUID = 1L;

  private final String directory;
  private final String from;
  private final PCollectionView<CapturePlan> plan;

  /** @param directory the target's directory relative to the staging directory, e.g. {@code public.rental} */
  DescribeFileFn(String directory, String from, PCollectionView<CapturePlan> plan) {
    this.directory = directory;
    this.from = from;
    this.plan = plan;
  }

  @ProcessElement
  public void process(@Element String filename, ProcessContext context) throws IOException {
    ResourceId file = FileSystems.matchNewResource(filename, false);
    MessageDigest sha256 = sha256();
    long bytes = 0;
    long lines = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
        bytes += n;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    CaptureCounters.file(bytes, lines);
    context.output(new CapturedFile(directory + "/" + file.getFilename(), from, bytes,
        HexFormat.of().formatHex(sha256.digest()), lines, context.sideInput(plan).details()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
