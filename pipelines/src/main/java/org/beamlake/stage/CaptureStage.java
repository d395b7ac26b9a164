package org.beamlake.stage;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.PCollection;
import org.beamlake.capture.CapturedFile;
import org.beamlake.lake.CommitInfo;
import org.beamlake.lake.TableCommit;
import org.beamlake.project.SourceConfig;

/**
 * Capture: each source's data, exactly as received, into {@code
 * raw/<source>/ingest_date=<date>/run_id=<run>/}, with a {@code _manifest.json} (what was asked
 * for, every file with its size, records and SHA-256, start and end, state before and after). One
 * Beam pipeline captures all sources in parallel; {@link SourceCaptures} builds each source's part.
 *
 * <p>Re-running a run id replaces that run's raw data (in the ingest date it was first captured
 * on), so raw never holds a run twice. A capture whose files are identical (names and SHA-256) to
 * the source's latest capture by another run is not stored again: the run records it as unchanged
 * and the ETL stage reads that earlier capture. A source's state (e.g. a watermark) is saved only
 * after its raw data is committed ({@link CaptureState}).
 */
public final class CaptureStage {
  private CaptureStage() {}

  public static StageReport run(StageContext ctx) {
    long start = System.currentTimeMillis();
    String startedAt = Instant.now().toString();
    List<String> inputs = new ArrayList<>();
    Map<String, CaptureState> before = new LinkedHashMap<>();
    Pipeline p = ctx.newPipeline("capture");
    RowCounts rowCounts = RowCounts.in(p);
    for (SourceConfig source : ctx.project().sources().values()) {
      CaptureState state = CaptureState.forRun(ctx.lake(), source.name(),
          RawInputs.ofRun(ctx.lake(), source.name(), ctx.runId()),
          RawInputs.latest(ctx.lake(), source.name(), ctx.runId()));
      before.put(source.name(), state);
      String staging = ctx.lake().staging(ctx.runId(), "raw", source.name());
      SourceCaptures.Planned planned = SourceCaptures.plan(ctx, source, state);
      inputs.add(planned.description());
      PCollection<CapturedFile> files = p.apply(source.name() + "/Capture", planned.transform(staging + "data/"));
      rowCounts.count(source.name() + "/CountFiles", source.name() + "/files", files)
          .apply(source.name() + "/ToJson", MapElements.via(new ToJson()))
          .apply(source.name() + "/FileList", TextIO.write().to(staging + "_files").withSuffix(".jsonl").withoutSharding());
    }
    rowCounts.writeTo(ctx.lake().staging(ctx.runId(), "counts", "capture") + "counts.tsv");
    PipelineResult result = p.run();
    Progress.awaitCapture(result);
    Map<String, Long> counts = rowCounts.read();
    List<StageReport.Output> outputs = new ArrayList<>();
    for (SourceConfig source : ctx.project().sources().values()) {
      outputs.add(commit(ctx, source, before.get(source.name()), startedAt));
    }
    return new StageReport("capture", "succeeded", startedAt, System.currentTimeMillis() - start, inputs, outputs,
        counts, null);
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

  private static StageReport.Output commit(StageContext ctx, SourceConfig source, CaptureState before,
      String startedAt) {
    String staging = ctx.lake().staging(ctx.runId(), "raw", source.name());
    try {
      List<CapturedFile> files = readEntries(staging + "_files.jsonl");
      Optional<RawInputs.Capture> previous = RawInputs.latest(ctx.lake(), source.name(), ctx.runId());
      Optional<String> sameAs = previous.filter(c -> !files.isEmpty() && sameContent(c, files))
          .map(c -> c.commit().runId());
      if (sameAs.isPresent()) {
        // The seed projects' duplicate check: the same content is not stored a second time.
        TableCommit.deleteFiles(staging);
        deleteCapture(ctx, source.name()); // a re-run whose earlier capture of this run differed
        String earlier = previous.get().directory();
        ctx.out().printf("  raw        %-28s unchanged: same files and SHA-256 as run %s, not stored again%n",
            source.name(), sameAs.get());
        return new StageReport.Output("raw", source.name(), earlier, 0);
      }
      Map<String, String> stateAfter = SourceCaptures.stateAfter(source, before, files);
      String target = ctx.lake().rawRun(source.name(), ingestDate(ctx, source.name()), ctx.runId());
      long records = files.stream().allMatch(f -> f.records() >= 0)
          ? files.stream().mapToLong(CapturedFile::records).sum() : -1;
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("source", source.name());
      manifest.put("type", source.type());
      manifest.put("request", SourceCaptures.request(ctx, source));
      manifest.put("run_id", ctx.runId());
      manifest.put("started_at", startedAt);
      manifest.put("ended_at", Instant.now().toString());
      manifest.put("file_count", files.size());
      manifest.put("records", records >= 0 ? records : null);
      manifest.put("bytes", files.stream().mapToLong(CapturedFile::bytes).sum());
      manifest.put("state_before", before.values());
      manifest.put("state_after", stateAfter);
      manifest.put("files", files);
      CommitInfo info = TableCommit.commit(staging + "data/", target, ctx.runId(), files.size(), Map.of(), null,
          dir -> TableCommit.writeJson(dir + "_manifest.json", manifest));
      TableCommit.deleteFiles(staging);
      if (!stateAfter.isEmpty()) {
        new CaptureState(stateAfter, ctx.runId(), info.committedAt()).save(ctx.lake(), source.name());
      }
      return new StageReport.Output("raw", source.name(), target, files.size());
    } catch (IOException e) {
      throw new UncheckedIOException("could not commit raw data of " + source.name(), e);
    }
  }

  /** Removes this run's committed capture of a source, marker first, if there is one. */
  private static void deleteCapture(StageContext ctx, String source) throws IOException {
    MatchResult m = FileSystems.match(ctx.lake().raw(source) + "ingest_date=*/run_id=" + ctx.runId() + "/_SUCCESS",
        EmptyMatchTreatment.ALLOW);
    if (m.status() != MatchResult.Status.OK) {
      return;
    }
    for (MatchResult.Metadata marker : m.metadata()) {
      String path = marker.resourceId().toString();
      String dir = path.substring(0, path.length() - TableCommit.MARKER.length());
      FileSystems.delete(List.of(marker.resourceId()));
      TableCommit.deleteFiles(dir);
    }
  }

  private static boolean sameContent(RawInputs.Capture capture, List<CapturedFile> files) {
    Map<String, String> now = new LinkedHashMap<>();
    files.forEach(f -> now.put(f.file(), f.sha256()));
    try {
      String manifest = capture.directory() + "_manifest.json";
      if (!TableCommit.exists(manifest)) {
        return false;
      }
      Map<String, String> then = new LinkedHashMap<>();
      for (JsonNode f : TableCommit.readJson(manifest, JsonNode.class).path("files")) {
        then.put(f.path("file").asText(), f.path("sha256").asText());
      }
      return now.equals(then);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the manifest of " + capture.directory(), e);
    }
  }

  private static List<CapturedFile> readEntries(String file) throws IOException {
    List<CapturedFile> entries = new ArrayList<>();
    try (InputStream in = Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(file, false)))) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          entries.add(CaptureState.json().readValue(line, CapturedFile.class));
        }
      }
    }
    entries.sort(Comparator.comparing(CapturedFile::file));
    return entries;
  }

  /** A captured file's manifest entry as one JSON line. */
  static final class ToJson extends SimpleFunction<CapturedFile, String> {
    @Override
    public String apply(CapturedFile file) {
      try {
        return CaptureState.json().writeValueAsString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
