package org.beamlake.capture.http;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.time.Duration;

/**
 * Retries of one request: up to {@code maxAttempts} attempts, waiting {@code initialBackoff}
 * doubled after each failed attempt, capped at {@code maxBackoff}, of which up to a {@code jitter}
 * fraction is taken off at random so parallel series do not retry in step.
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter)
    implements Serializable {
  static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(5), 0.5);

  RetryPolicy {
    checkArgument(maxAttempts >= 1, "maxAttempts must be >= 1, got %s", maxAttempts);
    positive(initialBackoff, "initialBackoff");
    positive(maxBackoff, "maxBackoff");
    checkArgument(jitter >= 0 && jitter <= 1, "jitter must be between 0 and 1, got %s", jitter);
  }

  static void positive(Duration duration, String what) {
    checkArgument(duration != null && !duration.isNegative() && !duration.isZero(),
        "%s must be a positive duration, got %s", what, duration);
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based), given {@code random} in [0, 1):
   * {@code min(maxBackoff, initialBackoff * 2^(attempt-1)) * (1 - jitter * random)}, in millis.
   */
  Duration backoff(int attempt, double random) {
    long cap = maxBackoff.toMillis();
    long base = initialBackoff.toMillis();
    for (int i = 1; i < attempt && base < cap; i++) {
      base *= 2;
    }
    base = Math.min(base, cap);
    return Duration.ofMillis(Math.round(base * (1 - jitter * random)));
  }
}
