package org.beamlake.stage;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.beamlake.lake.TableCommit;
import org.beamlake.report.RunReport;

/**
 * Runs stages and records each in the run manifest and the run report, failed or not. A failed stage commits nothing:
 * its staging files are removed and the previous outputs stay as they were.
 */
public final class Stages {
  /** The stages, in the order {@code all} runs them. */
  public enum Stage {
    CAPTURE,
    ETL,
    ANALYTICS,
    ML,
    ALL;

    public static Stage parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown stage '" + name + "'; expected capture, etl, analytics, ml or all");
      }
    }
  }

  private Stages() {}

  /** Runs one stage, or all in order; throws on the first failure after recording it. */
  public static List<StageReport> run(StageContext ctx, Stage stage) {
    List<StageReport> reports = new ArrayList<>();
    List<Stage> todo = List.of(stage);
    if (stage == Stage.ALL) {
      todo = ctx.project().models().isEmpty()
          ? List.of(Stage.CAPTURE, Stage.ETL, Stage.ANALYTICS)
          : List.of(Stage.CAPTURE, Stage.ETL, Stage.ANALYTICS, Stage.ML);
    }
    for (Stage s : todo) {
      reports.add(runOne(ctx, s));
    }
    return reports;
  }

  private static StageReport runOne(StageContext ctx, Stage stage) {
    String name = stage.name().toLowerCase(Locale.ROOT);
    ctx.out().println("▶ " + name);
    long start = System.currentTimeMillis();
    String startedAt = Instant.now().toString();
    StageReport report;
    try {
      switch (stage) {
        case CAPTURE:
          report = CaptureStage.run(ctx);
          break;
        case ETL:
          report = EtlStage.run(ctx);
          break;
        case ANALYTICS:
          report = AnalyticsStage.run(ctx);
          break;
        case ML:
          report = MlStage.run(ctx);
          break;
        default:
          throw new IllegalArgumentException("no stage " + stage);
      }
      RunManifest.record(ctx, report);
      cleanStaging(ctx);
    } catch (RuntimeException e) {
      cleanStaging(ctx);
      StageReport failed = new StageReport(name, "failed", startedAt, System.currentTimeMillis() - start,
          List.of(), List.of(), Map.of(), rootMessage(e));
      try {
        RunManifest.record(ctx, failed);
        RunReport.write(ctx.lake(), ctx.runId());
      } catch (RuntimeException recording) {
        e.addSuppressed(recording); // what failed first is what the user needs to see
      }
      throw e;
    }
    // The stage is committed and recorded: a report that cannot be written fails the command, not the stage.
    RunReport.write(ctx.lake(), ctx.runId());
    for (StageReport.Output o : report.outputs()) {
      ctx.out().printf("  %-10s %-28s %,10d %-5s %s%n", o.zone(), o.name(), o.rows(),
          o.zone().equals("raw") ? "files" : "rows", o.location()); // raw is counted in files, as received
    }
    ctx.out().printf("  %s done in %.1f s%n", name, report.durationMillis() / 1000.0);
    return report;
  }

  private static void cleanStaging(StageContext ctx) {
    try {
      TableCommit.deleteFiles(ctx.lake().stagingRoot(ctx.runId()));
    } catch (IOException e) {
      ctx.out().println("  (could not clean " + ctx.lake().stagingRoot(ctx.runId()) + ": " + e.getMessage() + ")");
    }
  }

  /** The message of the innermost cause that has one: what went wrong, not where Beam wrapped it. */
  public static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message == null ? e.getClass().getName() : message;
  }
}
