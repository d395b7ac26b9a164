package org.beamlake.capture.jdbc;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.PCollectionView;
import org.beamlake.capture.CaptureCounters;
import org.beamlake.capture.CapturedFile;
import org.beamlake.lake.LakeFiles;

/**
 * Writes one shard, {@code part-NNNNN.jsonl}: the split files whose index modulo the shard count is
 * the shard's, one after the other in split order (none: an empty file); {@link DeleteSplitFn}
 * removes them once every shard is written. The
 * file's size and SHA-256 are those of the bytes as they are read back from the split files and
 * written; its records are the rows the splits wrote, one line each (JSON escapes line breaks).
 */
class WriteShardFn extends DoFn<Integer, CapturedFile> {
  private static final long serialVersionUID = 1L;
  private static final int BUFFER = 1 << 18;

  private final String directory;
  private final String targetDirectory;
  private final int shards;
  private final String from;
  private final PCollectionView<List<SplitFile>> splitFiles;
  private final PCollectionView<CapturePlan> plan;

  /**
   * @param directory the target's directory relative to the staging directory, e.g. {@code public.rental}
   * @param targetDirectory the same, as a full path ending in {@code /}
   */
  WriteShardFn(String directory, String targetDirectory, int shards, String from,
      PCollectionView<List<SplitFile>> splitFiles, PCollectionView<CapturePlan> plan) {
    this.directory = directory;
    this.targetDirectory = targetDirectory;
    this.shards = shards;
    this.from = from;
    this.splitFiles = splitFiles;
    this.plan = plan;
  }

  @ProcessElement
  public void process(@Element Integer shard, ProcessContext context) throws IOException {
    List<SplitFile> mine = new ArrayList<>();
    for (SplitFile split : context.sideInput(splitFiles)) {
      if (split.index() % shards == shard) {
        mine.add(split);
      }
    }
    mine.sort(Comparator.comparingInt(SplitFile::index));
    String name = String.format("part-%05d.jsonl", shard);
    MessageDigest sha256 = CapturedFile.newSha256();
    long bytes = 0;
    long lines = 0;
    ResourceId target = FileSystems.matchNewResource(targetDirectory + name, false);
    try (OutputStream out = new BufferedOutputStream(Channels.newOutputStream(LakeFiles.replace(target,
        MimeTypes.TEXT)), BUFFER)) {
      for (SplitFile split : mine) {
        ResourceId file = FileSystems.matchNewResource(split.path(), false);
        try (InputStream in = new DigestInputStream(Channels.newInputStream(FileSystems.open(file)), sha256)) {
          bytes += in.transferTo(out);
        }
        lines += split.rows();
      }
    }
    CaptureCounters.file(bytes, lines);
    context.output(new CapturedFile(directory + "/" + name, from, bytes, HexFormat.of().formatHex(sha256.digest()),
        lines, context.sideInput(plan).details()));
  }
}
