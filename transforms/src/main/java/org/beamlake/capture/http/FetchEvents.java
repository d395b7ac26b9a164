package org.beamlake.capture.http;

import org.beamlake.capture.CapturedFile;

/**
 * What fetching a series reports, in the order it happens: the requests sent, the retries, and the
 * files stored. Fetches run on the pool of {@link FetchSeriesFn}, which hands these to its
 * processing thread, the only one that may count (Beam's metrics container is the thread's) and
 * emit (an {@code OutputReceiver} is not thread-safe).
 */
interface FetchEvents {
  /** An HTTP request is about to be sent (a retry is another request). */
  void request();

  /** A failed request will be tried again. */
  void retry();

  /** A file was written: a page of an API ({@code page}) or a downloaded URL. */
  void stored(CapturedFile file, boolean page);
}
