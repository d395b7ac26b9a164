package org.beamlake.lake;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.viewfs.ViewFileSystem;

/** Hadoop's viewfs, except that a rename reports success and moves nothing: a lying filesystem. */
public class LossyViewFileSystem extends ViewFileSystem {
  public LossyViewFileSystem() throws java.io.IOException {
    super();
  }

  @Override
  public boolean rename(Path src, Path dst) {
    return true;
  }
}
