package org.beamlake.capture.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {
  /** A clock that moves only when slept on or told to. */
  static final class ManualClock implements Sleeper {
    long now = 1_000_000_000_000L;
    final List<Duration> waits = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
      now += duration.toNanos();
    }
  }

  @Test
  void spacesRequestsEvenlyWithoutSavingUpABurst() throws InterruptedException {
    ManualClock clock = new ManualClock();
    RequestRateLimiter limiter = new RequestRateLimiter(4, clock);

    limiter.acquire();
    limiter.acquire();
    limiter.acquire();
    clock.now += Duration.ofSeconds(2).toNanos();
    limiter.acquire();
    limiter.acquire();
    clock.now += Duration.ofMillis(100).toNanos();
    limiter.acquire();

    assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(250),
        Duration.ofMillis(150)), clock.waits);
  }

  @Test
  void aFractionalRateWaitsItsExactInterval() throws InterruptedException {
    ManualClock clock = new ManualClock();
    RequestRateLimiter limiter = new RequestRateLimiter(0.5, clock);

    limiter.acquire();
    limiter.acquire();

    assertEquals(List.of(Duration.ofSeconds(2)), clock.waits);
  }

  @Test
  void oneLimiterPerOriginRateAndClock() {
    Sleeper clock = new RecordingSleeper();
    RequestRateLimiter a = RequestRateLimiter.shared("https://api.worldbank.org:443", 5, clock);

    assertSame(a, RequestRateLimiter.shared("https://api.worldbank.org:443", 5, clock));
    assertNotSame(a, RequestRateLimiter.shared("https://api.worldbank.org:443", 6, clock));
    assertNotSame(a, RequestRateLimiter.shared("https://data360api.worldbank.org:443", 5, clock));
    assertNotSame(a, RequestRateLimiter.shared("https://api.worldbank.org:443", 5, new RecordingSleeper()));
  }
}
