package org.beamlake.stage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.beamlake.lake.WriteParquet;

/**
 * The tables one stage's pipeline writes in bundles ({@link WriteParquet#inBundles}) into one zone:
 * a fresh bundle directory for each, and, once the pipeline has run, the publication of each
 * table's listed files into its staging directory.
 *
 * <pre>{@code
 * BundleWrites writes = new BundleWrites(ctx, "refined");
 * rows.apply(WriteParquet.to(staging).inBundles(writes.directory("stats")));
 * p.run().waitUntilFinish();
 * writes.publish();
 * }</pre>
 */
final class BundleWrites {
  private final StageContext ctx;
  private final String zone;
  private final Map<String, String> directories = new LinkedHashMap<>();

  BundleWrites(StageContext ctx, String zone) {
    this.ctx = ctx;
    this.zone = zone;
  }

  /** A new bundle directory for table {@code name}, published by {@link #publish}. */
  String directory(String name) {
    String directory = ctx.lake().staging(ctx.runId(), "bundles", name + "-" + UUID.randomUUID());
    directories.put(name, directory);
    return directory;
  }

  /** Moves each table's listed files into its staging directory of the zone; after the pipeline has run. */
  void publish() {
    directories.forEach((name, directory) ->
        WriteParquet.publishBundles(directory, ctx.lake().staging(ctx.runId(), zone, name)));
  }
}
