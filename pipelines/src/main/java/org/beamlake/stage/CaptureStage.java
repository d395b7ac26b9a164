package org.beamlake.stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.MimeTypes;
import org.beamlake.lake.CommitInfo;
import org.beamlake.lake.TableCommit;
import org.beamlake.project.SourceConfig;

/**
 * Capture: copies each source's files, byte for byte, into {@code
 * raw/<source>/ingest_date=<date>/run_id=<run>/}, with a {@code _manifest.json} (source location,
 * files, sizes, SHA-256, time). One Beam pipeline copies all sources' files in parallel.
 *
 * <p>Re-running a run id replaces that run's raw data (in the ingest date it was first captured
 * on), so raw never holds a run twice.
 */
public final class CaptureStage {
  private CaptureStage() {}

  public static StageReport run(StageContext ctx) {
    long start = System.currentTimeMillis();
    String startedAt = Instant.now().toString();
    Map<String, List<String>> filesBySource = new LinkedHashMap<>();
    Map<String, String> targets = new LinkedHashMap<>();
    List<String> inputs = new ArrayList<>();
    Pipeline p = ctx.newPipeline("capture");
    for (SourceConfig source : ctx.project().sources().values()) {
      String location = ctx.sample() && source.sampleLocation() != null ? source.sampleLocation() : source.location();
      List<String> files = match(source, location);
      filesBySource.put(source.name(), files);
      inputs.add(location);
      targets.put(source.name(), ctx.lake().rawRun(source.name(), ingestDate(ctx, source.name()), ctx.runId()));
      String staging = ctx.lake().staging(ctx.runId(), "raw", source.name());
      p.apply(source.name() + "/Files", Create.of(files).withCoder(StringUtf8Coder.of()))
          .apply(source.name() + "/Match", FileIO.matchAll())
          .apply(source.name() + "/Open", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
          .apply(source.name() + "/Copy", ParDo.of(new CopyFile(staging + "data/")))
          .apply(source.name() + "/CountFiles", CountRows.as(source.name() + "/files"))
          .apply(source.name() + "/FileList", TextIO.write().to(staging + "_files").withSuffix(".jsonl").withoutSharding());
    }
    PipelineResult result = p.run();
    result.waitUntilFinish();
    List<StageReport.Output> outputs = new ArrayList<>();
    for (SourceConfig source : ctx.project().sources().values()) {
      outputs.add(commit(ctx, source, targets.get(source.name()), filesBySource.get(source.name()).size()));
    }
    return new StageReport("capture", "succeeded", startedAt, System.currentTimeMillis() - start, inputs, outputs,
        StageMetrics.counters(result), null);
  }

  private static List<String> match(SourceConfig source, String location) {
    try {
      MatchResult match = FileSystems.match(location, EmptyMatchTreatment.ALLOW);
      List<String> files = new ArrayList<>();
      if (match.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata m : match.metadata()) {
          if (!m.resourceId().isDirectory()) {
            files.add(m.resourceId().toString());
          }
        }
      }
      if (files.isEmpty()) {
        throw new IllegalStateException("source '" + source.name() + "': no files match " + location);
      }
      files.sort(String::compareTo);
      java.util.Set<String> names = new java.util.HashSet<>();
      for (String file : files) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        if (!names.add(name)) {
          throw new IllegalStateException("source '" + source.name() + "': two files named " + name
              + " match " + location + "; raw keeps file names, so they must be unique");
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("source '" + source.name() + "': cannot list " + location, e);
    }
  }

  /** The ingest date this run was first captured on, or today (UTC) for a new run. */
  private static String ingestDate(StageContext ctx, String source) {
    try {
      MatchResult m = FileSystems.match(ctx.lake().raw(source) + "ingest_date=*/run_id=" + ctx.runId() + "/_SUCCESS",
          EmptyMatchTreatment.ALLOW);
      if (m.status() == MatchResult.Status.OK && !m.metadata().isEmpty()) {
        String path = m.metadata().get(0).resourceId().toString();
        int at = path.indexOf("ingest_date=") + "ingest_date=".length();
        return path.substring(at, path.indexOf('/', at));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return LocalDate.now(ZoneOffset.UTC).toString();
  }

  private static StageReport.Output commit(StageContext ctx, SourceConfig source, String target, int files) {
    String staging = ctx.lake().staging(ctx.runId(), "raw", source.name());
    try {
      List<String> entries = new ArrayList<>();
      try (InputStream in = Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(staging + "_files.jsonl", false)))) {
        for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) {
            entries.add(line);
          }
        }
      }
      entries.sort(String::compareTo);
      CommitInfo info = TableCommit.commit(staging + "data/", target, ctx.runId(), files, Map.of(), null);
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("source", source.name());
      manifest.put("type", source.type());
      manifest.put("location", ctx.sample() && source.sampleLocation() != null ? source.sampleLocation() : source.location());
      manifest.put("run_id", ctx.runId());
      manifest.put("captured_at", info.committedAt());
      manifest.put("files", entries.stream().map(CaptureStage::parseEntry).toList());
      TableCommit.writeJson(target + "_manifest.json", manifest);
      TableCommit.deleteFiles(staging);
      return new StageReport.Output("raw", source.name(), target, files);
    } catch (IOException e) {
      throw new UncheckedIOException("could not commit raw data of " + source.name(), e);
    }
  }

  private static Object parseEntry(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies one file as received; emits a JSON line with its name, size and SHA-256. */
  static final class CopyFile extends DoFn<FileIO.ReadableFile, String> {
    private final String directory;

    CopyFile(String directory) {
      this.directory = directory;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<String> out) throws IOException {
      String name = file.getMetadata().resourceId().getFilename();
      MessageDigest sha;
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      long bytes;
      try (InputStream in = new DigestInputStream(Channels.newInputStream(file.open()), sha);
          OutputStream target = Channels.newOutputStream(FileSystems.create(
              FileSystems.matchNewResource(directory + name, false), MimeTypes.BINARY))) {
        bytes = in.transferTo(target);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("file", name);
      entry.put("from", file.getMetadata().resourceId().toString());
      entry.put("bytes", bytes);
      entry.put("sha256", HexFormat.of().formatHex(sha.digest()));
      out.output(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(entry));
    }
  }
}
