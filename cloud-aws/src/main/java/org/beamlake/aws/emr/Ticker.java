package org.beamlake.aws.emr;

import java.time.Duration;
import java.time.Instant;

/**
 * The time a watch reads and waits in: the system's, or in tests one that moves only when slept in,
 * so following a cluster through many polls takes no real time and prints exact elapsed times.
 */
public interface Ticker {
  Ticker SYSTEM = new Ticker() {
    @Override
    public Instant now() {
      return Instant.now();
    }

    @Override
    public void sleep(Duration pause) throws InterruptedException {
      Thread.sleep(pause.toMillis());
    }
  };

  Instant now();

  void sleep(Duration pause) throws InterruptedException;
}
