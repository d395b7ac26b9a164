package org.beamlake.azure.databricks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The idempotency token and the cluster rules (the request bodies are asserted through the CLI). */
class JobSpecTest {
  private static final ClusterSpec EXISTING = new ClusterSpec("0123-456789-abcdefgh", null, null, 0, 0, 0, Map.of());

  private static JobSpec spec(String project, String runId) {
    return new JobSpec(project, "azfs://acct/lake/world", List.of("etl"), runId, "/Volumes/a/b/c/x.jar", EXISTING,
        List.of());
  }

  @Test
  void theTokenFollowsProjectLakeAndRunIdAndFitsTheApiLimit() {
    assertEquals(spec("p", "r1").idempotencyToken(), spec("p", "r1").idempotencyToken());
    assertNotEquals(spec("p", "r1").idempotencyToken(), spec("p", "r2").idempotencyToken());
    assertNotEquals(spec("p", "r1").idempotencyToken(), spec("q", "r1").idempotencyToken());
    assertEquals(true, spec("p", "20260101T000000Z").idempotencyToken().startsWith("beamlake-20260101T000000Z-"));
    String longRun = "a-very-long-run-id-chosen-by-someone-who-likes-long-names-0001";
    String token = spec("p", longRun).idempotencyToken();
    assertEquals(63, token.length());
    assertEquals(true, token.matches("beamlake-[0-9a-f]{54}"));
    assertNotEquals(token, spec("p", longRun + "2").idempotencyToken());
  }

  @Test
  void aNewClusterNeedsARuntimeANodeTypeAndASaneAutoscaleRange() {
    assertEquals("a new job cluster needs --spark-version and --node-type (or give --existing-cluster ID)",
        assertThrows(IllegalArgumentException.class,
            () -> new ClusterSpec(null, "16.4.x-scala2.12", null, 2, 0, 0, Map.of())).getMessage());
    assertEquals("autoscale needs 1 <= min <= max workers, got 5..2", assertThrows(IllegalArgumentException.class,
        () -> new ClusterSpec(null, "16.4.x-scala2.12", "n", 0, 5, 2, Map.of())).getMessage());
    assertEquals("at least one stage is needed", assertThrows(IllegalArgumentException.class,
        () -> new JobSpec("p", "l", List.of(), "r", "j", EXISTING, List.of())).getMessage());
  }
}
