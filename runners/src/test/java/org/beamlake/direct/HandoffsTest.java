package org.beamlake.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches handed over in memory: each taken once, a scope released with what it still holds. */
class HandoffsTest {
  @Test
  void aBatchIsTakenOnceAndASecondTakeNamesIt() {
    String scope = "HandoffsTest-once";
    long number = Handoffs.put(scope, List.of("a", "b"));
    assertEquals(1, Handoffs.held(scope));
    assertEquals(List.of("a", "b"), Handoffs.take(scope, number));
    assertEquals(0, Handoffs.held(scope));
    IllegalStateException again = assertThrows(IllegalStateException.class, () -> Handoffs.take(scope, number));
    assertEquals("batch " + number + " of " + scope + " is not in this JVM: the step that hands batches over and"
        + " the step that takes them must run in one process (the DirectRunner), each once", again.getMessage());
  }

  @Test
  void releasingAScopeDropsTheBatchesItHolds() {
    String scope = "HandoffsTest-release";
    long first = Handoffs.put(scope, List.of(1));
    Handoffs.put(scope, List.of(2));
    Handoffs.put("HandoffsTest-other", List.of(3));
    Handoffs.release(scope);
    assertEquals(0, Handoffs.held(scope));
    assertEquals(1, Handoffs.held("HandoffsTest-other")); // another scope keeps its batch
    assertThrows(IllegalStateException.class, () -> Handoffs.take(scope, first));
    Handoffs.release("HandoffsTest-other");
  }
}
