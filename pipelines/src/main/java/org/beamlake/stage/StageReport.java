package org.beamlake.stage;

import java.util.List;
import java.util.Map;

/**
 * What one stage did, as recorded in {@code _runs/<run_id>.json}.
 *
 * @param inputs where it read from
 * @param outputs what it committed
 * @param counts the stage's row counters ({@code <dataset>/read}, {@code /written}, ...)
 */
public record StageReport(
    String stage,
    String status,
    String startedAt,
    long durationMillis,
    List<String> inputs,
    List<Output> outputs,
    Map<String, Long> counts,
    String error) {

  /** One committed output; {@code rows} counts files for the raw zone (kept as received). */
  public record Output(String zone, String name, String location, long rows) {}
}
