package org.beamlake.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.beamlake.project.DatasetConfig;
import org.beamlake.project.ProjectLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowAccountingTest {
  @TempDir Path dir;
  private DatasetConfig obs;

  @BeforeEach
  void load() throws Exception {
    Files.writeString(dir.resolve("beamlake.yaml"), """
        name: p
        sources:
          s: {path: 'in/*.csv'}
        datasets:
          countries:
            source: s
            format: csv
            columns: {country: string}
          obs:
            source: s
            format: csv
            columns: {country: string, v: double}
            steps:
              - filter: "v > 0"
              - join: {dataset: countries, on: [country], type: inner}
        """);
    obs = ProjectLoader.load(dir).datasets().get("obs");
  }

  /** 10 read: 1 parse reject, 2 filtered out, 1 join reject, 3 without a country, 3 written. */
  private static Map<String, Long> counts() {
    Map<String, Long> counts = new HashMap<>(Map.of(
        "obs/parsed", 9L, "obs/parse_rejected", 1L,
        "obs/1-filter/in", 9L, "obs/1-filter/out", 7L,
        "obs/2-join/in", 7L, "obs/2-join/out", 3L, "obs/2-join/rejected", 1L, "obs/2-join/dropped", 3L,
        "obs/written", 3L, "obs/quarantined", 2L));
    return counts;
  }

  @Test
  void recordsReadAndDroppedWhenEverythingAddsUp() {
    Map<String, Long> counts = counts();
    RowAccounting.check("obs", obs, counts);
    assertEquals(10L, counts.get("obs/read"));
    assertEquals(5L, counts.get("obs/dropped"));
  }

  @Test
  void refusesAJoinWhoseOwnDropCountDisagreesWithItsInAndOut() {
    Map<String, Long> counts = counts();
    counts.put("obs/2-join/dropped", 2L);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> RowAccounting.check("obs", obs, counts));
    assertEquals("dataset obs, step obs/2-join: records do not add up: in 7 != out 3 + rejected 1 + dropped 2;"
        + " nothing was committed", e.getMessage());
  }

  @Test
  void refusesADatasetWhoseRecordsDoNotAddUp() {
    Map<String, Long> counts = counts();
    counts.put("obs/written", 2L);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> RowAccounting.check("obs", obs, counts));
    assertEquals("dataset obs: records do not add up: read 10 != written 2 + quarantined 2 + dropped 5;"
        + " nothing was committed", e.getMessage());
  }
}
