package org.beamlake.stage;

import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** Reads the stage's row counters from a finished pipeline, on any runner. */
final class StageMetrics {
  private StageMetrics() {}

  static Map<String, Long> counters(PipelineResult result) {
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(CountRows.NAMESPACE)).build());
    Map<String, Long> counts = new TreeMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      long value;
      try {
        value = counter.getCommitted();
      } catch (UnsupportedOperationException e) {
        value = counter.getAttempted();
      }
      counts.merge(counter.getName().getName(), value, Long::sum);
    }
    return counts;
  }

  /** The counter's value, 0 when it never counted (Beam reports no counter for an empty input). */
  static long get(Map<String, Long> counts, String name) {
    return counts.getOrDefault(name, 0L);
  }
}
