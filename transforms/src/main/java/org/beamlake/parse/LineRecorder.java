package org.beamlake.parse;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * A reader that remembers the text it passed on, by physical line, until told to forget it.
 *
 * <p>The CSV parser reads through it, so the text of a record (lines {@code first..last}, as the
 * parser reports them) can be given back exactly as it was in the file, line breaks included, for
 * the payload of a reject. Only the lines not yet {@link #forgetBefore forgotten} and the parser's
 * read-ahead are held, never the whole file. Line breaks are {@code \n}, {@code \r\n} or {@code \r},
 * counted as Commons CSV counts them.
 */
final class LineRecorder extends Reader {
  private final Reader in;
  private final StringBuilder text = new StringBuilder();
  /** Absolute character position of {@code text.charAt(0)}. */
  private long textStart;
  /** Absolute start positions of the lines {@code firstLine, ...}, from {@code lineStarts[lineHead]} on. */
  private long[] lineStarts = new long[64];
  private int lineHead;
  private int lineCount = 1;
  private long firstLine = 1;
  private boolean afterCarriageReturn;
  private boolean ended;

  LineRecorder(Reader in) {
    this.in = in;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n < 0) {
      ended = true;
      return n;
    }
    long position = end();
    text.append(buffer, offset, n);
    for (int i = offset; i < offset + n; i++) {
      char c = buffer[i];
      long next = ++position;
      if (c == '\n' && afterCarriageReturn) {
        lineStarts[lineHead + lineCount - 1] = next;
      } else if (c == '\n' || c == '\r') {
        addLineStart(next);
      }
      afterCarriageReturn = c == '\r';
    }
    return n;
  }

  /**
   * The text of lines {@code first..last}, without the line break that ends {@code last}; the text
   * to the end of what was read if {@code last} is the final line.
   */
  String lines(long first, long last) {
    String lines = text(start(first), last + 1 < firstLine + lineCount ? start(last + 1) : end());
    int length = lines.length();
    if (length > 0 && lines.charAt(length - 1) == '\n') {
      length--;
    }
    if (length > 0 && lines.charAt(length - 1) == '\r') {
      length--;
    }
    return lines.substring(0, length);
  }

  /** The first line from {@code first} on that is not empty, or {@code last} if all are. */
  long firstNonEmptyLine(long first, long last) {
    long line = first;
    while (line < last && line + 1 < firstLine + lineCount && isLineBreak(start(line))) {
      line++;
    }
    return line;
  }

  /** The number of the last line read so far. */
  long lastLine() {
    return firstLine + lineCount - 1;
  }

  /**
   * The text from the start of line {@code first} on, reading further into the file if needed, up
   * to {@code maxChars} characters or the end of the file.
   */
  String rest(long first, int maxChars) throws IOException {
    char[] buffer = new char[8192];
    while (!ended && end() - start(first) < maxChars) {
      read(buffer, 0, buffer.length);
    }
    return text(start(first), Math.min(end(), start(first) + maxChars));
  }

  /** Lets go of the text of every line before {@code line}: no record will ask for it again. */
  void forgetBefore(long line) {
    int drop = (int) (Math.min(line, firstLine + lineCount - 1) - firstLine);
    if (drop <= 0) {
      return;
    }
    long newStart = lineStarts[lineHead + drop];
    lineHead += drop;
    lineCount -= drop;
    firstLine += drop;
    // Deleting a few characters per record would copy the read-ahead each time; compact in bulk.
    int unused = (int) (newStart - textStart);
    if (unused > 8192 && unused > text.length() / 2) {
      text.delete(0, unused);
      textStart = newStart;
    }
  }

  /** How many characters are held now; bounded by the longest record plus the parser's read-ahead. */
  int heldChars() {
    return text.length();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void addLineStart(long position) {
    if (lineHead + lineCount == lineStarts.length) {
      if (lineHead >= lineStarts.length / 2) {
        System.arraycopy(lineStarts, lineHead, lineStarts, 0, lineCount);
        lineHead = 0;
      } else {
        lineStarts = Arrays.copyOf(lineStarts, lineStarts.length * 2);
      }
    }
    lineStarts[lineHead + lineCount++] = position;
  }

  private long start(long line) {
    if (line < firstLine || line >= firstLine + lineCount) {
      throw new IllegalStateException(
          "line " + line + " is not held (lines " + firstLine + ".." + (firstLine + lineCount - 1) + " are)");
    }
    return lineStarts[lineHead + (int) (line - firstLine)];
  }

  private boolean isLineBreak(long position) {
    char c = text.charAt((int) (position - textStart));
    return c == '\n' || c == '\r';
  }

  private long end() {
    return textStart + text.length();
  }

  private String text(long from, long to) {
    return text.substring((int) (from - textStart), (int) (to - textStart));
  }
}
