package org.beamlake.spi;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A kind of storage a lake can live on, found with {@link java.util.ServiceLoader} (a line in
 * {@code META-INF/services/org.beamlake.spi.LakeStore}): {@code beamlake lake init LAKE} asks the
 * store whose scheme the lake's URI has. Reading and writing the lake goes through Beam's
 * {@code FileSystems}; a store only does what Beam's filesystems cannot: create the bucket or
 * container, privately, and the zone folders.
 */
public interface LakeStore {
  /** The URI schemes this store serves, e.g. {@code s3}; {@code file} is a local path. */
  List<String> schemes();

  /**
   * Makes the lake ready: when {@code create} is set, creates its bucket or container if missing
   * (never public, encrypted at rest where the store offers it), then the zone folders ({@link
   * org.beamlake.lake.Lake#ZONES}). Safe to run again: what exists is left as it is.
   *
   * @param lake the lake's base, as given on the command line
   * @param options Beam options with the store's settings (region, endpoint, credentials provider)
   * @return one line per thing done or found, for the console
   */
  List<String> init(String lake, PipelineOptions options, boolean create) throws IOException;

  /**
   * Refuses a lake that a run must not write to, as far as the store can tell (S3: a bucket whose
   * policy makes it public). {@code run} calls it before any stage; the default checks nothing.
   *
   * @param lake the lake's base
   * @param options Beam options with the store's settings
   */
  default void checkBeforeRun(String lake, PipelineOptions options) throws IOException {}
}
