package org.beamlake.capture.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Sleeper} for tests: the clock stands still and every wait asked for is recorded, not
 * slept. Copies made by serialization record into the same list (kept by id in this JVM).
 */
final class RecordingSleeper implements Sleeper {
  private static final long serialVersionUID = 1L;
  private static final Map<String, List<Duration>> WAITS = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();

  RecordingSleeper() {
    WAITS.put(id, Collections.synchronizedList(new ArrayList<>()));
  }

  @Override
  public long nanoTime() {
    return 0;
  }

  @Override
  public void sleep(Duration duration) {
    WAITS.get(id).add(duration);
  }

  /** The waits asked for, in order. */
  List<Duration> waits() {
    List<Duration> waits = WAITS.get(id);
    synchronized (waits) {
      return List.copyOf(waits);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordingSleeper other && other.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }
}
