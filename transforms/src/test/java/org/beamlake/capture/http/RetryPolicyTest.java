package org.beamlake.capture.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(5), 0.5);

  @Test
  void doublesFromTheInitialBackoffUpToTheMaximum() {
    assertEquals(Duration.ofSeconds(1), policy.backoff(1, 0));
    assertEquals(Duration.ofSeconds(2), policy.backoff(2, 0));
    assertEquals(Duration.ofSeconds(4), policy.backoff(3, 0));
    assertEquals(Duration.ofSeconds(5), policy.backoff(4, 0));
    assertEquals(Duration.ofSeconds(5), policy.backoff(200, 0));
  }

  @Test
  void jitterTakesOffUpToItsFractionAtRandom() {
    assertEquals(Duration.ofMillis(1500), policy.backoff(2, 0.5));
    assertEquals(Duration.ofMillis(2501), policy.backoff(3, 0.7495));
    assertEquals(Duration.ofMillis(2500), policy.backoff(4, 1.0));
    RetryPolicy none = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(5), 0);
    assertEquals(Duration.ofSeconds(4), none.backoff(3, 0.99));
  }

  @Test
  void rejectsBadSettings() {
    assertEquals("maxAttempts must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(5), 0)).getMessage());
    assertEquals("initialBackoff must be a positive duration, got PT0S", assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(1, Duration.ZERO, Duration.ofSeconds(5), 0)).getMessage());
    assertEquals("maxBackoff must be a positive duration, got null", assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(1, Duration.ofSeconds(1), null, 0)).getMessage());
    assertEquals("jitter must be between 0 and 1, got 1.5", assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(5), 1.5)).getMessage());
  }
}
