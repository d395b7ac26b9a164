package org.beamlake.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.util.ReleaseInfo;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableCommit;
import org.beamlake.report.QuarantineSummary;

/**
 * {@code _runs/<run_id>.json}: what ran in a run, one entry per stage (a re-run of a stage
 * replaces its entry), with inputs, outputs, counts, durations and versions; the run's quarantine
 * per rule with its top reasons; and, from the project, the lineage of each table and the charts
 * the run report draws, so {@code beamlake report} needs only the lake. Stages may run in
 * different processes (EMR steps), so each stage reads, updates and rewrites the file.
 */
public final class RunManifest {
  private RunManifest() {}

  /** Records a stage's report in the run's manifest. */
  public static void record(StageContext ctx, StageReport report) {
    String file = ctx.lake().runManifest(ctx.runId());
    try {
      Map<String, Object> manifest = read(ctx.lake(), ctx.runId());
      manifest.put("run_id", ctx.runId());
      manifest.put("project", ctx.project().name());
      manifest.put("lake", ctx.lake().base());
      manifest.put("runner", ctx.options().getRunner().getSimpleName());
      manifest.put("sample", ctx.sample());
      Map<String, Object> versions = new LinkedHashMap<>();
      versions.put("beamlake", version());
      versions.put("beam", ReleaseInfo.getReleaseInfo().getVersion());
      versions.put("java", System.getProperty("java.version"));
      manifest.put("versions", versions);
      @SuppressWarnings("unchecked")
      Map<String, Object> stages = (Map<String, Object>) manifest.computeIfAbsent("stages", k -> new LinkedHashMap<>());
      stages.put(report.stage(), report);
      if ("ml".equals(report.stage()) && "succeeded".equals(report.status())) {
        manifest.put("models", MlStage.summaries(ctx));
      }
      manifest.put("quarantine", QuarantineSummary.read(ctx.lake(), ctx.runId()));
      manifest.put("lineage", RunFacts.lineage(ctx.project()));
      manifest.put("charts", RunFacts.charts(ctx.project()));
      TableCommit.writeJson(file, manifest);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the run manifest " + file, e);
    }
  }

  /** The manifest of a run, or an empty map if it has none yet. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> read(Lake lake, String runId) throws IOException {
    String file = lake.runManifest(runId);
    if (!TableCommit.exists(file)) {
      return new LinkedHashMap<>();
    }
    return TableCommit.readJson(file, LinkedHashMap.class);
  }

  static String version() {
    String v = RunManifest.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
