package org.beamlake.stage;

import java.util.List;
import java.util.Map;
import org.beamlake.project.DatasetConfig;
import org.beamlake.project.StepConfig;

/**
 * The invariant of the ETL stage, checked on every run before anything is committed: every record
 * read is written to trusted, quarantined with a reason, or dropped by a step that drops on
 * purpose (filter, deduplicate, inner join). Adds {@code <dataset>/read} and {@code /dropped} to
 * the counts.
 */
final class RowAccounting {
  private RowAccounting() {}

  static void check(String name, DatasetConfig config, Map<String, Long> counts) {
    long read = get(counts, name + "/parsed") + get(counts, name + "/parse_rejected");
    long dropped = 0;
    List<StepConfig> steps = config.steps();
    for (int i = 0; i < steps.size(); i++) {
      String label = name + "/" + (i + 1) + "-" + DatasetBuilder.kind(steps.get(i));
      if (counts.containsKey(label + "/in") || counts.containsKey(label + "/out")) {
        long stepDropped = get(counts, label + "/in") - get(counts, label + "/out") - get(counts, label + "/rejected");
        // A step that counts what it drops (the join) must agree with its other counts.
        if (counts.containsKey(label + "/dropped") && counts.get(label + "/dropped") != stepDropped) {
          throw new IllegalStateException(String.format(
              "dataset %s, step %s: records do not add up: in %d != out %d + rejected %d + dropped %d; nothing was committed",
              name, label, get(counts, label + "/in"), get(counts, label + "/out"), get(counts, label + "/rejected"),
              counts.get(label + "/dropped")));
        }
        dropped += stepDropped;
      }
    }
    long written = get(counts, name + "/written");
    long quarantined = get(counts, name + "/quarantined");
    counts.put(name + "/read", read);
    counts.put(name + "/dropped", dropped);
    if (read != written + quarantined + dropped) {
      throw new IllegalStateException(String.format(
          "dataset %s: records do not add up: read %d != written %d + quarantined %d + dropped %d; nothing was committed",
          name, read, written, quarantined, dropped));
    }
  }

  private static long get(Map<String, Long> counts, String label) {
    return counts.getOrDefault(label, 0L);
  }
}
