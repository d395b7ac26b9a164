package org.beamlake.cli;

import java.util.concurrent.Callable;
import org.beamlake.lake.Lake;
import org.beamlake.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code beamlake report}: writes a run's HTML report again, from the lake alone. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Writes the report of a run, _runs/RUN_ID.html, again from what the lake holds now: the stage "
        + "timeline, what each zone received, the quarantine by rule with its top reasons, the lineage of the refined "
        + "tables, and the charts the project declares. Prints where it is. Every run writes it too; this is for "
        + "after a table changed or beamlake was upgraded.",
    footer = {"", "Examples:",
        "  beamlake report lake                          # the latest run",
        "  beamlake report lake --run 20260101T000000Z",
        "  xdg-open \"$(beamlake report lake)\"            # open it in a browser"})
final class ReportCommand implements Callable<Integer> {
  @Mixin LakeArgs lake;

  @Option(names = "--run", description = "run id (default: the latest run recorded in the lake)")
  String runId;

  @Override
  public Integer call() {
    return Cli.guard(() -> {
      lake.useFileSystems();
      Lake target = lake.lake();
      String id = runId != null ? Lake.name(runId) : Cli.latestRunId(target);
      System.out.println(RunReport.write(target, id));
      return 0;
    });
  }
}
