package org.beamlake.quarantine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What one bundle of a step counted as it went, per window, emitted when the bundle finishes as
 * {@code KV<name, count>} elements to {@link RowResult#COUNTS}: a step's own record of how many
 * records came in and where each went, so that nobody has to count its outputs again.
 *
 * <p>Counting a collection by reading it a second time costs more than it seems on Spark: a
 * collection with two readers is cached whole (serialized, on disk by beamlake's default), so a
 * count beside a step's rows doubled the work of keeping them. The counts a step emits are a few
 * elements per bundle, in the same output as its rows. They are elements of a collection, not Beam
 * counters, so a bundle that Spark computes again is not counted twice: its counts are its
 * outputs, produced exactly as often as its rows are.
 *
 * <p>The elements are partial: sum them per name ({@code Sum.longsPerKey()}) for the step's
 * totals. A name a bundle did not count is not emitted (read it as 0).
 *
 * <pre>{@code
 * private transient StepCounts counts;
 *
 * @StartBundle public void start() { counts = new StepCounts(List.of(StepCounts.IN, StepCounts.ROWS)); }
 * @ProcessElement public void process(@Element Row row, BoundedWindow window, MultiOutputReceiver out) {
 *   counts.add(IN, window);
 *   ...
 * }
 * @FinishBundle public void finish(FinishBundleContext c) { counts.emit(c); }
 * }</pre>
 */
public final class StepCounts {
  /** The records that came into the step. */
  public static final String IN = "in";
  /** The rows the step output. */
  public static final String ROWS = "rows";
  /** The records the step rejected, each to quarantine with its reason. */
  public static final String REJECTS = "rejects";
  /** The records the step dropped on purpose (an inner join's rows without a match). */
  public static final String DROPPED = "dropped";

  private final List<String> names;
  private final Map<BoundedWindow, long[]> byWindow = new LinkedHashMap<>();
  private @Nullable BoundedWindow lastWindow;
  private long @Nullable [] last;

  /** Counts under {@code names}, addressed by their index in the list. */
  public StepCounts(List<String> names) {
    this.names = List.copyOf(names);
  }

  /** The coder of the counts: {@code KV<String, Long>}. */
  public static Coder<KV<String, Long>> coder() {
    return KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
  }

  /** Adds one to the count at {@code name} (an index into the names) in {@code window}. */
  public void add(int name, BoundedWindow window) {
    add(name, window, 1);
  }

  /** Adds {@code n} to the count at {@code name} (an index into the names) in {@code window}. */
  public void add(int name, BoundedWindow window, long n) {
    if (window != lastWindow) {
      last = byWindow.computeIfAbsent(window, w -> new long[names.size()]);
      lastWindow = window;
    }
    last[name] += n;
  }

  /**
   * Emits the bundle's counts that are not 0 to {@link RowResult#COUNTS}, each in its window at
   * the window's end, and starts again from nothing.
   */
  public void emit(DoFn<?, ?>.FinishBundleContext context) {
    byWindow.forEach((window, counts) -> {
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 0) {
          context.output(RowResult.COUNTS, KV.of(names.get(i), counts[i]), window.maxTimestamp(), window);
        }
      }
    });
    byWindow.clear();
    lastWindow = null;
    last = null;
  }
}
