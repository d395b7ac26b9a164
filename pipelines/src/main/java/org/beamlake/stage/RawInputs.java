package org.beamlake.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.beamlake.lake.CommitInfo;
import org.beamlake.lake.TableCommit;

/**
 * Which raw data the ETL stage reads for a source: the capture of the same run id if there is one,
 * else the most recent committed capture. Only files listed in a capture's {@code _SUCCESS} are read.
 */
final class RawInputs {
  private RawInputs() {}

  /** A committed capture: its directory and its marker. */
  record Capture(String directory, CommitInfo commit) {}

  /**
   * What a dataset reads of its source: one capture (the run's own, else the latest), or for an
   * incremental source every capture in commit order, since each holds only what was new.
   */
  record Inputs(List<Capture> captures) {
    /** The files to read, full paths; {@code glob} (relative to a capture, e.g. {@code rental/*}) or all. */
    List<String> files(String glob) {
      java.nio.file.PathMatcher matcher = glob == null ? null
          : java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
      List<String> files = new java.util.ArrayList<>();
      for (Capture c : captures) {
        for (String f : c.commit().files()) {
          if (matcher == null || matcher.matches(java.nio.file.Path.of(f))) {
            files.add(c.directory() + f);
          }
        }
      }
      return files;
    }

    List<String> directories() {
      return captures.stream().map(Capture::directory).collect(Collectors.toList());
    }
  }

  /** What {@code dataset} reads of its source. */
  static Inputs find(StageContext ctx, org.beamlake.project.DatasetConfig dataset) {
    return find(ctx, dataset.source(), dataset.files());
  }

  static Inputs find(StageContext ctx, String source, String files) {
    org.beamlake.lake.Lake lake = ctx.lake();
    org.beamlake.project.SourceConfig config = ctx.project().sources().get(source);
    List<Capture> found = config != null && SourceCaptures.incremental(config, files)
        ? all(lake, source)
        : ofRun(lake, source, ctx.runId()).or(() -> latest(lake, source, null)).stream().toList();
    if (found.isEmpty()) {
      throw new IllegalStateException("no captured raw data for source '" + source + "' in " + lake.raw(source)
          + "; run the capture stage first");
    }
    return new Inputs(found);
  }

  /** Every committed capture of a source, oldest first. */
  static List<Capture> all(org.beamlake.lake.Lake lake, String source) {
    List<Capture> all = new java.util.ArrayList<>();
    for (String marker : markers(lake.raw(source) + "ingest_date=*/run_id=*/_SUCCESS")) {
      String dir = marker.substring(0, marker.length() - TableCommit.MARKER.length());
      all.add(new Capture(dir, TableCommit.read(dir).orElseThrow()));
    }
    all.sort(java.util.Comparator.comparing(c -> c.commit().committedAt()));
    return all;
  }

  /** The committed capture of a source by {@code runId}, if there is one. */
  static java.util.Optional<Capture> ofRun(org.beamlake.lake.Lake lake, String source, String runId) {
    return all(lake, source).stream().filter(c -> c.commit().runId().equals(runId)).findFirst();
  }

  /** The most recently committed capture of a source by another run than {@code exceptRunId}. */
  static java.util.Optional<Capture> latest(org.beamlake.lake.Lake lake, String source, String exceptRunId) {
    return all(lake, source).stream().filter(c -> !c.commit().runId().equals(exceptRunId))
        .reduce((older, newer) -> newer);
  }

  private static List<String> markers(String pattern) {
    try {
      MatchResult m = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (m.status() != MatchResult.Status.OK) {
        return List.of();
      }
      return m.metadata().stream().map(x -> x.resourceId().toString()).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
