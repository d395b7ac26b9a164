package org.beamlake.capture;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The Beam counters every capture keeps while it runs, in namespace {@value #NAMESPACE}: what the
 * console's progress line shows during a long capture (pages and requests per source, on a
 * terminal), readable on any runner through {@code PipelineResult.metrics()}. The step a counter
 * belongs to names the source (the capture's transforms are applied under the source's name).
 */
public final class CaptureCounters {
  public static final String NAMESPACE = "beamlake.capture";
  public static final String REQUESTS = "requests";
  public static final String RETRIES = "retries";
  public static final String PAGES = "pages";
  public static final String FILES = "files";
  public static final String BYTES = "bytes";
  public static final String RECORDS = "records";

  private static final Counter REQUESTS_SENT = Metrics.counter(NAMESPACE, REQUESTS);
  private static final Counter RETRIED = Metrics.counter(NAMESPACE, RETRIES);
  private static final Counter PAGES_STORED = Metrics.counter(NAMESPACE, PAGES);
  private static final Counter FILES_STORED = Metrics.counter(NAMESPACE, FILES);
  private static final Counter BYTES_STORED = Metrics.counter(NAMESPACE, BYTES);
  private static final Counter RECORDS_STORED = Metrics.counter(NAMESPACE, RECORDS);

  private CaptureCounters() {}

  /** An HTTP request sent (a retry is another request). */
  public static void request() {
    REQUESTS_SENT.inc();
  }

  /** A failed request that will be tried again. */
  public static void retry() {
    RETRIED.inc();
  }

  /** A page of an API stored, with its size and records (-1 when not counted). */
  public static void page(long bytes, long records) {
    PAGES_STORED.inc();
    stored(bytes, records);
  }

  /** A file stored (a copied file, a database table's part, a downloaded URL). */
  public static void file(long bytes, long records) {
    FILES_STORED.inc();
    stored(bytes, records);
  }

  private static void stored(long bytes, long records) {
    BYTES_STORED.inc(bytes);
    if (records > 0) {
      RECORDS_STORED.inc(records);
    }
  }
}
