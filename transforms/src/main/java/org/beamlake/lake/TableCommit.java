package org.beamlake.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Makes an output visible only when it is complete, and replaces rather than appends on a re-run.
 *
 * <p>A stage writes into a staging directory; after its pipeline succeeded, {@link #commit} (1)
 * removes the target's {@code _SUCCESS} marker, (2) deletes the target's old files, (3) moves the
 * staged files in, (4) writes a new {@code _SUCCESS} listing exactly the committed files. Readers
 * ({@link #read}) trust only the files a marker lists, so a pipeline that failed leaves the previous
 * output untouched, and a commit interrupted between (1) and (4) leaves no table, never a mixed one.
 *
 * <pre>{@code
 * pipeline.run().waitUntilFinish();
 * TableCommit.commit(lake.staging(runId, "trusted", "orders"), lake.trusted("orders"), runId, rows, columns, null);
 * }</pre>
 */
public final class TableCommit {
  /** The commit marker's file name. */
  public static final String MARKER = "_SUCCESS";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TableCommit() {}

  /**
   * Moves everything under {@code stagingDir} to {@code targetDir}, replacing it, and marks it
   * committed. When the staged files are Parquet, or the output is a table (it has {@code columns}),
   * the staged Parquet footers must hold exactly {@code rows} rows, or nothing is moved and an
   * {@link IllegalStateException} says both numbers.
   */
  public static CommitInfo commit(
      String stagingDir, String targetDir, String runId, long rows, Map<String, String> columns, String partitionBy) {
    return commit(stagingDir, targetDir, runId, rows, columns, partitionBy, null);
  }

  /** Something written next to the data after it is moved and before the marker makes it visible. */
  public interface BeforeMarker {
    void write(String targetDir) throws IOException;
  }

  /**
   * As {@link #commit(String, String, String, long, Map, String)}, calling {@code beforeMarker}
   * (if not null) once the files are in place, so a side file such as a manifest is never missing
   * from a committed output.
   */
  public static CommitInfo commit(String stagingDir, String targetDir, String runId, long rows,
      Map<String, String> columns, String partitionBy, BeforeMarker beforeMarker) {
    try {
      List<MatchResult.Metadata> staged = listFiles(stagingDir);
      // A table (an output with columns) is Parquet even when none of its files was staged.
      boolean parquet = staged.stream().anyMatch(f -> f.resourceId().toString().endsWith(".parquet"))
          || (columns != null && !columns.isEmpty());
      if (parquet) {
        long inFiles = ParquetFooters.rowCount(staged);
        if (inFiles != rows) {
          throw new IllegalStateException("refusing to commit " + targetDir + ": the pipeline counted " + rows
              + " rows but the staged Parquet files hold " + inFiles + "; the previous version is left in place");
        }
      }
      FileSystems.delete(List.of(resource(targetDir + MARKER)), StandardMoveOptions.IGNORE_MISSING_FILES);
      deleteFiles(targetDir);
      List<ResourceId> from = new ArrayList<>();
      List<ResourceId> to = new ArrayList<>();
      List<String> files = new ArrayList<>();
      for (MatchResult.Metadata file : staged) {
        String relative = relative(stagingDir, file.resourceId().toString());
        from.add(file.resourceId());
        to.add(resource(targetDir + relative));
        files.add(relative);
      }
      if (!from.isEmpty()) {
        FileSystems.rename(from, to, StandardMoveOptions.IGNORE_MISSING_FILES);
      }
      requireAtTarget(targetDir, to);
      Collections.sort(files);
      if (beforeMarker != null) {
        beforeMarker.write(targetDir);
      }
      CommitInfo info = new CommitInfo(runId, Instant.now().toString(), files, rows, columns, partitionBy);
      writeJson(targetDir + MARKER, info);
      return info;
    } catch (IOException e) {
      throw new UncheckedIOException("could not commit " + stagingDir + " to " + targetDir, e);
    }
  }

  /** The marker of a committed output, or empty if the directory holds no committed output. */
  public static Optional<CommitInfo> read(String targetDir) {
    try {
      if (!exists(targetDir + MARKER)) {
        return Optional.empty();
      }
      return Optional.of(readJson(targetDir + MARKER, CommitInfo.class));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + targetDir + MARKER, e);
    }
  }

  /** Deletes every file under a directory (recursively); a missing directory is fine. */
  public static void deleteFiles(String dir) throws IOException {
    List<ResourceId> old = new ArrayList<>();
    for (MatchResult.Metadata m : listFiles(dir)) {
      old.add(m.resourceId());
    }
    if (!old.isEmpty()) {
      FileSystems.delete(old, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }

  /**
   * Every file under a directory, recursively, sorted by path; empty if there is none.
   *
   * <p>Matches {@code dir*} as well as {@code dir**}: Beam 2.70's Hadoop filesystem (the bridge
   * {@code abfss://} lakes go through) expands {@code dir/**} to the files of dir's subdirectories
   * only ({@code HadoopFileSystem.matchRecursiveGlob} globs {@code dir/*} as directories), so the
   * files directly in {@code dir} (every staged table file, every captured file) were not listed and
   * a run committed empty tables as a success.
   */
  public static List<MatchResult.Metadata> listFiles(String dir) throws IOException {
    TreeMap<String, MatchResult.Metadata> byPath = new TreeMap<>();
    // One match call per pattern: Beam's S3 filesystem fails on two specs of one call that match the
    // same object ("Duplicate key").
    for (String pattern : List.of(dir + "**", dir + "*")) {
      MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
      if (match.status() != MatchResult.Status.NOT_FOUND) {
        for (MatchResult.Metadata m : match.metadata()) {
          if (!m.resourceId().isDirectory()) {
            byPath.putIfAbsent(m.resourceId().toString(), m);
          }
        }
      }
    }
    // Hadoop's glob also returns the subdirectories themselves, named without a trailing slash: a
    // name that other listed files are under is a directory.
    List<MatchResult.Metadata> files = new ArrayList<>();
    for (Map.Entry<String, MatchResult.Metadata> e : byPath.entrySet()) {
      String under = byPath.ceilingKey(e.getKey() + "/");
      if (under == null || !under.startsWith(e.getKey() + "/")) {
        files.add(e.getValue());
      }
    }
    return files;
  }

  /**
   * The last check before a marker: every file the marker will list is at the target. A filesystem
   * that reports a rename it did not do (or lists what it did not write) would otherwise publish a
   * marker over missing data: a run that says it succeeded must have written its files.
   */
  private static void requireAtTarget(String targetDir, List<ResourceId> moved) throws IOException {
    if (moved.isEmpty()) {
      return;
    }
    List<String> missing = new ArrayList<>();
    List<MatchResult> found = FileSystems.match(moved.stream().map(ResourceId::toString).toList(),
        EmptyMatchTreatment.ALLOW);
    for (int i = 0; i < moved.size(); i++) {
      if (found.get(i).status() != MatchResult.Status.OK || found.get(i).metadata().isEmpty()) {
        missing.add(moved.get(i).toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("refusing to mark " + targetDir + " committed: " + missing.size() + " of "
          + moved.size() + " moved files are not there (" + missing.get(0) + (missing.size() > 1 ? ", …" : "")
          + "); no _SUCCESS was written");
    }
  }

  /** Whether a single file exists. */
  public static boolean exists(String file) throws IOException {
    MatchResult match = FileSystems.match(file, EmptyMatchTreatment.ALLOW);
    return match.status() == MatchResult.Status.OK && !match.metadata().isEmpty();
  }

  /** Writes a small JSON document, replacing it. */
  public static void writeJson(String file, Object value) throws IOException {
    // Bytes first: Jackson's writeValue(OutputStream) closes the stream itself, and a second close of
    // Beam's S3 channel completes its multipart upload twice (S3 answers NoSuchUpload).
    byte[] json = JSON.writeValueAsBytes(value);
    try (OutputStream out = Channels.newOutputStream(LakeFiles.replace(resource(file), MimeTypes.TEXT))) {
      out.write(json);
    }
  }

  /** Reads a small JSON document. */
  public static <T> T readJson(String file, Class<T> type) throws IOException {
    try (InputStream in = Channels.newInputStream(FileSystems.open(resource(file)))) {
      return JSON.readValue(in, type);
    }
  }

  static ResourceId resource(String path) {
    return FileSystems.matchNewResource(path, path.endsWith("/"));
  }

  static String relative(String dir, String file) {
    String normalizedDir = dir.endsWith("/") ? dir : dir + "/";
    if (file.startsWith(normalizedDir)) {
      return file.substring(normalizedDir.length());
    }
    // Local filesystems may render file:/x and file:///x differently.
    String d = normalizedDir.replaceFirst("^file:/+", "/");
    String f = file.replaceFirst("^file:/+", "/");
    if (f.startsWith(d)) {
      return f.substring(d.length());
    }
    throw new IllegalStateException(file + " is not under " + dir);
  }
}
