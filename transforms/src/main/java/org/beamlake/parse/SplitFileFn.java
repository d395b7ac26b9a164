package org.beamlake.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Cuts each file larger than {@code partBytes} into parts that start at records ({@link
 * FileParser#cuts}), so that no single element stands for more than about that many bytes of rows:
 * a runner may hold all the outputs of one element in memory (Beam's Spark runner does), and the
 * parts of one file can be parsed by several workers. A compressed file, a file that cannot be read
 * from an offset, or one its parser cannot cut ({@link FileParser#canCut}) stays whole.
 */
final class SplitFileFn extends DoFn<ReadableFile, FileRange> {
  private static final long serialVersionUID = 1L;

  private final FileParser parser;
  private final long partBytes;

  SplitFileFn(FileParser parser, long partBytes) {
    this.parser = parser;
    this.partBytes = partBytes;
  }

  @ProcessElement
  public void process(@Element ReadableFile file, OutputReceiver<FileRange> out) throws IOException {
    if (file.getMetadata().sizeBytes() <= partBytes || file.getCompression() != Compression.UNCOMPRESSED
        || !file.getMetadata().isReadSeekEfficient() || !parser.canCut()) {
      out.output(FileRange.whole(file));
      return;
    }
    long start = 0;
    long line = 1;
    try (InputStream in = Channels.newInputStream(file.open())) {
      for (FileRange.Cut cut : parser.cuts(in, partBytes)) {
        out.output(new FileRange(file, start, cut.position(), line));
        start = cut.position();
        line = cut.line();
      }
    }
    out.output(new FileRange(file, start, FileRange.TO_THE_END, line));
  }
}
