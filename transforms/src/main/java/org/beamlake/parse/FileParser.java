package org.beamlake.parse;

import java.io.IOException;
import java.io.Serializable;
import org.apache.beam.sdk.io.FileIO.ReadableFile;

/** Reads one whole file into rows and rejects; an {@link IOException} is a failure to read, not bad data. */
interface FileParser extends Serializable {
  void parse(ReadableFile file, ParseOutput out) throws IOException;
}
