package org.beamlake.parse;

import java.util.ArrayList;
import java.util.List;
import org.beamlake.parse.FileRange.Cut;

/**
 * The bookkeeping both cut finders share, fed one byte at a time: line numbers counted as Commons
 * CSV and {@link java.io.BufferedReader#readLine()} count them ({@code \r\n} once), and cuts at
 * least {@code targetBytes} apart, each kept only once a byte after it shows it is not the end of
 * the file.
 */
final class PartCuts {
  private final long targetBytes;
  private final List<Cut> cuts = new ArrayList<>();
  private long line = 1;
  private boolean afterCarriageReturn;
  private long partStart;
  private long pendingCut = -1;
  private long pendingLine;

  PartCuts(long targetBytes) {
    this.targetBytes = targetBytes;
  }

  /** Takes the next byte of the file: confirms a pending cut and counts a line break. */
  void next(int b) {
    if (pendingCut >= 0) {
      cuts.add(new Cut(pendingCut, pendingLine));
      partStart = pendingCut;
      pendingCut = -1;
    }
    if (b == '\r' || (b == '\n' && !afterCarriageReturn)) {
      line++;
    }
    afterCarriageReturn = b == '\r';
  }

  /** The byte just taken, at {@code position}, ended a record: a part may start after it. */
  void recordEnded(long position) {
    if (position + 1 - partStart >= targetBytes) {
      pendingCut = position + 1;
      pendingLine = line;
    }
  }

  List<Cut> cuts() {
    return cuts;
  }
}
