package org.beamlake.capture.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Spaces requests evenly at a rate, with no burst: each request reserves the next free slot, one
 * interval after the previous one, and waits for it. One instance per origin, rate and time source
 * is shared by every DoFn instance in the JVM, so parallel series of a source share its budget.
 */
final class RequestRateLimiter {
  private record Key(String origin, double perSecond, Sleeper sleeper) {}

  private static final ConcurrentMap<Key, RequestRateLimiter> SHARED = new ConcurrentHashMap<>();

  private final long intervalNanos;
  private final Sleeper sleeper;
  private boolean started;
  private long nextSlot;

  RequestRateLimiter(double perSecond, Sleeper sleeper) {
    this.intervalNanos = Math.round(1_000_000_000d / perSecond);
    this.sleeper = sleeper;
  }

  /** The limiter of {@code origin} ({@code scheme://host:port}) at this rate, shared in the JVM. */
  static RequestRateLimiter shared(String origin, double perSecond, Sleeper sleeper) {
    return SHARED.computeIfAbsent(new Key(origin, perSecond, sleeper),
        k -> new RequestRateLimiter(perSecond, sleeper));
  }

  /** Waits for this request's slot. */
  void acquire() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = sleeper.nanoTime();
      if (!started || now - nextSlot > 0) {
        nextSlot = now;
        started = true;
      }
      wait = nextSlot - now;
      nextSlot += intervalNanos;
    }
    if (wait > 0) {
      sleeper.sleep(Duration.ofNanos(wait));
    }
  }
}
