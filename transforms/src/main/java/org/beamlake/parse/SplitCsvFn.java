package org.beamlake.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.Charset;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Cuts each CSV file larger than {@code partBytes} into parts that start at records ({@link
 * CsvSplits}), so that no single element stands for more than about that many bytes of rows: a
 * runner may hold all the outputs of one element in memory (Beam's Spark runner does), and the
 * parts of one file can be parsed by several workers. A compressed file, a file that cannot be read
 * from an offset, or one in a charset whose bytes cannot be cut stays whole.
 */
final class SplitCsvFn extends DoFn<ReadableFile, FileRange> {
  private static final long serialVersionUID = 1L;

  private final String charset;
  private final char delimiter;
  private final char quote;
  private final long partBytes;

  SplitCsvFn(String charset, char delimiter, char quote, long partBytes) {
    this.charset = charset;
    this.delimiter = delimiter;
    this.quote = quote;
    this.partBytes = partBytes;
  }

  @ProcessElement
  public void process(@Element ReadableFile file, OutputReceiver<FileRange> out) throws IOException {
    Charset decoding = Charset.forName(charset);
    if (file.getMetadata().sizeBytes() <= partBytes || file.getCompression() != Compression.UNCOMPRESSED
        || !file.getMetadata().isReadSeekEfficient() || !CsvSplits.canCut(decoding, delimiter, quote)) {
      out.output(FileRange.whole(file));
      return;
    }
    long start = 0;
    long line = 1;
    try (InputStream in = Channels.newInputStream(file.open())) {
      for (CsvSplits.Cut cut : CsvSplits.find(in, decoding, delimiter, quote, partBytes)) {
        out.output(new FileRange(file, start, cut.position(), line));
        start = cut.position();
        line = cut.line();
      }
    }
    out.output(new FileRange(file, start, FileRange.TO_THE_END, line));
  }
}
