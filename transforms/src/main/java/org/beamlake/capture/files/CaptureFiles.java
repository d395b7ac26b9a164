package org.beamlake.capture.files;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.beamlake.capture.CaptureCounters;
import org.beamlake.capture.CapturedFile;

/**
 * Copies files, exactly as they are (a {@code .gz} stays compressed), into a directory under their
 * own names, and emits a {@link CapturedFile} per file (records not counted: -1). The files are
 * copied in parallel.
 *
 * <pre>{@code
 * PCollection<CapturedFile> copied = p.apply(CaptureFiles.of(files).to("s3://lake/_staging/r1/raw/orders/data/"));
 * }</pre>
 */
public final class CaptureFiles extends PTransform<PBegin, PCollection<CapturedFile>> {
  private final List<String> files;
  private final String directory;

  private CaptureFiles(List<String> files, String directory) {
    this.files = files;
    this.directory = directory;
  }

  /** Copies these files (full paths; their names must be unique). */
  public static CaptureFiles of(List<String> files) {
    checkArgument(files != null && !files.isEmpty(), "files must not be empty");
    long names = files.stream().map(CaptureFiles::name).distinct().count();
    checkArgument(names == files.size(), "file names must be unique, got %s", files);
    return new CaptureFiles(List.copyOf(files), null);
  }

  /** Into this directory (a Beam path ending in '/'). */
  public CaptureFiles to(String directory) {
    checkArgument(directory != null && directory.endsWith("/"), "directory must end with '/', got %s", directory);
    return new CaptureFiles(files, directory);
  }

  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  @Override
  public PCollection<CapturedFile> expand(PBegin input) {
    checkArgument(directory != null, "CaptureFiles needs a target directory: call to(directory)");
    return input
        .apply("Files", Create.of(files).withCoder(StringUtf8Coder.of()))
        .apply("Match", FileIO.matchAll())
        .apply("Open", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
        .apply("Copy", ParDo.of(new CopyFn(directory)))
        .setCoder(SerializableCoder.of(CapturedFile.class));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("files", files.size())).addIfNotNull(DisplayData.item("directory", directory));
  }

  /** Copies one file as received. */
  static final class CopyFn extends DoFn<FileIO.ReadableFile, CapturedFile> {
    private final String directory;

    CopyFn(String directory) {
      this.directory = directory;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<CapturedFile> out) throws IOException {
      String name = file.getMetadata().resourceId().getFilename();
      MessageDigest sha = CapturedFile.newSha256();
      long bytes;
      try (InputStream in = new DigestInputStream(Channels.newInputStream(file.open()), sha);
          OutputStream target = Channels.newOutputStream(org.beamlake.lake.LakeFiles.replace(
              FileSystems.matchNewResource(directory + name, false), MimeTypes.BINARY))) {
        bytes = in.transferTo(target);
      }
      CaptureCounters.file(bytes, -1);
      out.output(new CapturedFile(name, file.getMetadata().resourceId().toString(), bytes,
          HexFormat.of().formatHex(sha.digest()), -1, Map.of()));
    }
  }
}
