package org.beamlake.capture.jdbc;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.beamlake.capture.CapturedFile;

/**
 * Deletes a split's temporary file once every shard of its target is written (the side input is
 * ready only then), and the splits' directory if it is empty by then. Deleting again is harmless.
 */
class DeleteSplitFn extends DoFn<SplitFile, Void> {
  private static final long serialVersionUID = 1L;

  private final String splitDirectory;
  private final PCollectionView<List<CapturedFile>> written;

  DeleteSplitFn(String splitDirectory, PCollectionView<List<CapturedFile>> written) {
    this.splitDirectory = splitDirectory;
    this.written = written;
  }

  @ProcessElement
  public void process(@Element SplitFile split, ProcessContext context) throws IOException {
    context.sideInput(written);
    FileSystems.delete(List.of(FileSystems.matchNewResource(split.path(), false)),
        StandardMoveOptions.IGNORE_MISSING_FILES);
    try {
      FileSystems.delete(List.of(FileSystems.matchNewResource(splitDirectory, true)),
          StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException notEmptyOrNoDirectories) {
      // Object stores have no directories; on a file system the last split deleted finds the
      // directory empty and removes it, the others find files still in it (or it gone) and leave it.
    }
  }
}
