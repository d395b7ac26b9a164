package org.beamlake.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.beamlake.parse.FileRange.Cut;

/**
 * Where a file of one record per line (JSON lines) can be cut into parts of about {@code
 * targetBytes}: right after a {@code \n}, so that lines ended by {@code \r} alone stay in one part.
 * Lines are counted as {@link java.io.BufferedReader#readLine()} reads them ({@code \r\n} once).
 */
final class LineSplits {
  private LineSplits() {}

  static List<Cut> find(InputStream in, long targetBytes) throws IOException {
    PartCuts cuts = new PartCuts(targetBytes);
    byte[] buffer = new byte[1 << 16];
    long position = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      for (int i = 0; i < n; i++, position++) {
        cuts.next(buffer[i]);
        if (buffer[i] == '\n') {
          cuts.recordEnded(position);
        }
      }
    }
    return cuts.cuts();
  }
}
