package org.beamlake.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.beamlake.lake.CommitInfo;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableCommit;
import org.beamlake.report.RunReport;

/** Prints where the lake is and what each zone holds, from the commit markers. */
final class LakeSummary {
  private LakeSummary() {}

  static void print(Lake lake, String runId, PrintStream out) {
    out.println();
    out.println("Lake: " + lake.base());
    zone(out, lake, "raw", "raw/*/ingest_date=*/run_id=*/_SUCCESS", "files");
    zone(out, lake, "trusted", "trusted/*/_SUCCESS", "rows");
    zone(out, lake, "refined", "refined/*/_SUCCESS", "rows");
    zone(out, lake, "quarantine", "quarantine/*/run_id=" + runId + "/_SUCCESS", "records");
    out.println("  _runs/      " + lake.runManifest(runId).substring(lake.base().length()) + "  (what ran)");
    out.println("              " + RunReport.location(lake, runId).substring(lake.base().length())
        + "  (the report: open it in a browser)");
  }

  private static void zone(PrintStream out, Lake lake, String zone, String pattern, String unit) {
    try {
      MatchResult m = FileSystems.match(lake.base() + pattern, EmptyMatchTreatment.ALLOW);
      List<MatchResult.Metadata> markers = m.status() == MatchResult.Status.OK ? m.metadata() : List.of();
      out.printf("  %-11s %s%n", zone + "/", markers.isEmpty() ? "(empty)" : "");
      markers.stream().map(x -> x.resourceId().toString()).sorted().forEach(marker -> {
        String dir = marker.substring(0, marker.length() - TableCommit.MARKER.length());
        CommitInfo info = TableCommit.read(dir).orElseThrow();
        String relative = dir.substring(lake.base().length() + zone.length() + 1);
        if (unit.equals("files")) { // raw: files as received, no rows counted
          out.printf("    %-52s %,9d %-7s %9s run %s%n", relative, info.files().size(), unit, "", info.runId());
        } else {
          out.printf("    %-52s %,9d %-7s %3d file%s  run %s%n", relative, info.rows(), unit, info.files().size(),
              info.files().size() == 1 ? " " : "s", info.runId());
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
