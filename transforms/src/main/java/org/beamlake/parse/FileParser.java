package org.beamlake.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.beamlake.parse.FileRange.Cut;

/**
 * Reads one file, or one part of a file, into rows and rejects; an {@link IOException} is a
 * failure to read, not bad data. A parser whose records can be found in the bytes says so with
 * {@link #canCut} and finds the places to cut with {@link #cuts}; the others parse whole files.
 */
interface FileParser extends Serializable {
  void parse(ReadableFile file, ParseOutput out) throws IOException;

  /** Parses a part that {@link #cuts} found (or a whole file), with the file's line numbers. */
  default void parse(FileRange range, ParseOutput out) throws IOException {
    if (!range.isWholeFile()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " parses whole files only, not " + range);
    }
    parse(range.file(), out);
  }

  /** Whether files can be cut into parts by their bytes. */
  default boolean canCut() {
    return false;
  }

  /**
   * Where an uncompressed file can be cut into parts of at least {@code targetBytes} that start at
   * records, in order, none at the end of the file.
   */
  default List<Cut> cuts(InputStream in, long targetBytes) throws IOException {
    return List.of();
  }
}
