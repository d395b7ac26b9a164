package org.beamlake.ml;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * What an iteration's terms step emits once the fit has converged: one empty array (which {@link
 * ExactSums} ignores) per bundle and window that skipped its inputs, instead of nothing.
 *
 * <p>So the global sum after it never runs over an empty collection. {@code Combine.globally}
 * gives an empty input its default through a side input, and on Beam 2.70's DirectRunner an empty
 * side input becomes ready through a watermark callback alone, which does not wake the runner's
 * scheduler: with every later iteration waiting on such a view, a fit could stall for minutes or
 * for good. A step that has inputs thus always emits something, on every runner.
 */
final class SkippedTerms {
  private final Map<BoundedWindow, Instant> latest = new HashMap<>();

  /** An input was skipped: the bundle will emit one empty array in its window. */
  void skip(BoundedWindow window, Instant timestamp) {
    latest.merge(window, timestamp, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** Emits the bundle's empty arrays and forgets them. */
  <T> void finishBundle(DoFn<T, double[]>.FinishBundleContext context) {
    latest.forEach((window, timestamp) -> context.output(new double[0], timestamp, window));
    latest.clear();
  }
}
