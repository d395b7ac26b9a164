package org.beamlake.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.beamlake.capture.CapturedFile;
import org.beamlake.capture.files.CaptureFiles;
import org.beamlake.project.SourceConfig;

/**
 * One place per source type: how the capture stage builds its transform, what the manifest says
 * was asked for, and the state after a capture. A new source type adds a case to each.
 */
final class SourceCaptures {
  private SourceCaptures() {}

  /** A source's capture, planned: a description for the run file, and its transform into a directory. */
  record Planned(String description, Function<String, PTransform<PBegin, PCollection<CapturedFile>>> transform) {
    PTransform<PBegin, PCollection<CapturedFile>> transform(String directory) {
      return transform.apply(directory);
    }
  }

  static Planned plan(StageContext ctx, SourceConfig source, CaptureState state) {
    if (ctx.sample() && source.sampleLocation() != null) { // any source type: its sample files, as received
      List<String> files = match(source, source.sampleLocation());
      return new Planned(source.sampleLocation(), dir -> CaptureFiles.of(files).to(dir));
    }
    switch (source.type()) {
      case "files":
        String location = location(ctx, source);
        List<String> files = match(source, location);
        return new Planned(location, dir -> CaptureFiles.of(files).to(dir));
      default:
        throw new IllegalArgumentException("source '" + source.name() + "': unknown type " + source.type());
    }
  }

  /** What was asked for, for the manifest (never a secret). */
  static Map<String, Object> request(StageContext ctx, SourceConfig source) {
    Map<String, Object> request = new LinkedHashMap<>();
    if (source.isFiles() || ctx.sample() && source.sampleLocation() != null) {
      request.put("location", location(ctx, source));
    }
    return request;
  }

  /** The state after a capture; files keep none. */
  static Map<String, String> stateAfter(SourceConfig source, CaptureState before, List<CapturedFile> files) {
    return Map.of();
  }

  /** Whether each capture of the source holds only what is new (so ETL reads all of them). */
  static boolean incremental(SourceConfig source) {
    return source.jdbc() != null && source.jdbc().tables().stream().anyMatch(t -> t.watermark() != null);
  }

  private static String location(StageContext ctx, SourceConfig source) {
    return ctx.sample() && source.sampleLocation() != null ? source.sampleLocation() : source.location();
  }

  static List<String> match(SourceConfig source, String location) {
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
}
