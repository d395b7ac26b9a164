package org.beamlake.direct;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batches of elements handed from one step to a later one in the same JVM, under a number the
 * pipeline carries instead of the elements ({@link GroupInBuckets}). Each batch is taken once. A
 * scope (one per transform) holds its batches, so that a pipeline that fails between the two steps
 * can release what it left ({@link DirectPipeline}).
 */
final class Handoffs {
  private static final Map<String, Map<Long, List<?>>> SCOPES = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT = new AtomicLong();

  private Handoffs() {}

  /** Keeps the batch in the scope; returns the number that takes it. */
  static long put(String scope, List<?> batch) {
    long number = NEXT.incrementAndGet();
    SCOPES.computeIfAbsent(scope, s -> new ConcurrentHashMap<>()).put(number, batch);
    return number;
  }

  /** Removes and returns the batch; fails if it was never put in this JVM or was taken already. */
  @SuppressWarnings("unchecked")
  static <T> List<T> take(String scope, long number) {
    Map<Long, List<?>> batches = SCOPES.get(scope);
    List<?> batch = batches == null ? null : batches.remove(number);
    if (batch == null) {
      throw new IllegalStateException("batch " + number + " of " + scope + " is not in this JVM: the step that "
          + "hands batches over and the step that takes them must run in one process (the DirectRunner), each once");
    }
    return (List<T>) batch;
  }

  /** The batches the scope holds that were not taken. */
  static int held(String scope) {
    Map<Long, List<?>> batches = SCOPES.get(scope);
    return batches == null ? 0 : batches.size();
  }

  /** Drops the scope and whatever batches it still holds. */
  static void release(String scope) {
    SCOPES.remove(scope);
  }
}
