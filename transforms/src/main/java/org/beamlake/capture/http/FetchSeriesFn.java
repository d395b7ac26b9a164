package org.beamlake.capture.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.transforms.DoFn;
import org.beamlake.capture.CaptureCounters;
import org.beamlake.capture.CapturedFile;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Fetches all series of a capture, {@link FetchSettings#seriesAtOnce()} at a time, on a pool of
 * its own: each series' pages in order ({@link SeriesFetch}), one series per pool thread. The pool
 * threads only fetch and write files; what they report comes back through a queue to the
 * processing thread, which counts it and emits the {@link CapturedFile}s, so Beam's thread-bound
 * metrics and the non-thread-safe {@code OutputReceiver} are used from that thread only. The first
 * series that fails stops the others (interrupted, waited for) and fails the bundle with its
 * exception, unchanged.
 */
final class FetchSeriesFn extends DoFn<List<Series>, CapturedFile> {
  private static final long serialVersionUID = 1L;
  /** How long a failed bundle waits for its other fetches to stop after interrupting them. */
  private static final long STOP_WAIT_SECONDS = 60;

  /** One report from a pool thread; {@code file} with PAGE or DOWNLOAD, {@code failure} with FAILED. */
  private record Event(Kind kind, @Nullable CapturedFile file, @Nullable Throwable failure) {
    enum Kind { REQUEST, RETRY, PAGE, DOWNLOAD, DONE, FAILED }
  }

  private final FetchSettings settings;
  private transient HttpClient client;

  FetchSeriesFn(FetchSettings settings) {
    this.settings = settings;
  }

  @Setup
  public void setup() {
    client = HttpFetcher.client(settings);
  }

  @ProcessElement
  public void process(@Element List<Series> all, OutputReceiver<CapturedFile> out)
      throws IOException, InterruptedException {
    if (all.isEmpty()) {
      return;
    }
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    FetchEvents queued = new FetchEvents() {
      @Override
      public void request() {
        events.add(new Event(Event.Kind.REQUEST, null, null));
      }

      @Override
      public void retry() {
        events.add(new Event(Event.Kind.RETRY, null, null));
      }

      @Override
      public void stored(CapturedFile file, boolean page) {
        events.add(new Event(page ? Event.Kind.PAGE : Event.Kind.DOWNLOAD, file, null));
      }
    };
    SeriesFetch fetch = new SeriesFetch(settings, client);
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.min(settings.seriesAtOnce(), all.size()), threads());
    try {
      for (Series series : all) {
        pool.execute(() -> {
          try {
            fetch.fetch(series, queued);
            events.add(new Event(Event.Kind.DONE, null, null));
          } catch (Throwable e) {
            events.add(new Event(Event.Kind.FAILED, null, e));
          }
        });
      }
      for (int open = all.size(); open > 0; ) {
        Event event = events.take();
        switch (event.kind()) {
          case REQUEST -> CaptureCounters.request();
          case RETRY -> CaptureCounters.retry();
          case PAGE -> {
            CaptureCounters.page(event.file().bytes(), event.file().records());
            out.output(event.file());
          }
          case DOWNLOAD -> {
            CaptureCounters.file(event.file().bytes(), event.file().records());
            out.output(event.file());
          }
          case DONE -> open--;
          case FAILED -> throw failed(event.failure());
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** The series' own exception, rethrown as it was (an HTTP failure keeps its message and status). */
  private static RuntimeException failed(Throwable e) throws IOException, InterruptedException {
    if (e instanceof IOException io) {
      throw io;
    }
    if (e instanceof InterruptedException interrupted) {
      throw interrupted;
    }
    if (e instanceof Error error) {
      throw error;
    }
    if (e instanceof RuntimeException runtime) {
      return runtime;
    }
    return new IllegalStateException(e);
  }

  private static ThreadFactory threads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "beamlake-http-fetch-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
