package org.beamlake.lake;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Writing one file of the lake so that it replaces what is there, on every filesystem. Local paths
 * and S3 overwrite on create; Beam's Azure filesystem refuses to create a blob that exists ("This
 * filename is already in use."), which would fail every re-run, every rewritten run record and every
 * retried worker write on an {@code azfs://} lake.
 */
public final class LakeFiles {
  private LakeFiles() {}

  /** A channel writing {@code file} anew; an existing file of that name is removed first. */
  public static WritableByteChannel replace(ResourceId file, String mimeType) throws IOException {
    FileSystems.delete(List.of(file), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    return FileSystems.create(file, mimeType);
  }

  /** As {@link #replace(ResourceId, String)}, for a location given as a string. */
  public static WritableByteChannel replace(String file, String mimeType) throws IOException {
    return replace(FileSystems.matchNewResource(file, false), mimeType);
  }
}
