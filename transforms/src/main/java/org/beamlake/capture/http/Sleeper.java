package org.beamlake.capture.http;

import java.io.Serializable;
import java.time.Duration;

/**
 * The time source of backoff and rate limiting, a seam so tests can record the waits asked for
 * instead of sleeping. Implementations are compared with {@code equals} to share rate limiters.
 */
interface Sleeper extends Serializable {
  /** The real clock and {@link Thread#sleep}. */
  Sleeper SYSTEM = SystemSleeper.INSTANCE;

  /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  void sleep(Duration duration) throws InterruptedException;

  /** The real one; an enum so it stays a singleton across serialization. */
  enum SystemSleeper implements Sleeper {
    INSTANCE;

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
    }
  }
}
