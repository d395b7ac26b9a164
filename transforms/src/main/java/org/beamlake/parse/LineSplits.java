package org.beamlake.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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
    List<Cut> cuts = new ArrayList<>();
    byte[] buffer = new byte[1 << 16];
    long line = 1;
    long partStart = 0;
    long position = 0;
    boolean afterCarriageReturn = false;
    long pendingCut = -1;
    long pendingLine = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      for (int i = 0; i < n; i++, position++) {
        if (pendingCut >= 0) {
          cuts.add(new Cut(pendingCut, pendingLine));
          partStart = pendingCut;
          pendingCut = -1;
        }
        byte b = buffer[i];
        if (b == '\r' || (b == '\n' && !afterCarriageReturn)) {
          line++;
        }
        afterCarriageReturn = b == '\r';
        if (b == '\n' && position + 1 - partStart >= targetBytes) {
          pendingCut = position + 1;
          pendingLine = line;
        }
      }
    }
    return cuts;
  }
}
