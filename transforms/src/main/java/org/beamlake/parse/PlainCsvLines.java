package org.beamlake.parse;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The lines of a CSV text, read as records for as long as no line holds the quote character.
 * Such a line is one record, and its fields are the text between delimiters: what Commons CSV
 * reads from it in beamlake's dialects (no escape character, no comments, spaces kept), without
 * its lexer's per-character work. Empty lines carry no record and are counted. Line breaks are
 * {@code \n}, {@code \r\n} or {@code \r}, counted as Commons CSV counts them.
 *
 * <p>At the first line that holds the quote character, or when reading the text fails, {@link
 * #next} returns false and {@link #rest} gives the text from that line's start on, the failure
 * included where it was met, for Commons CSV to read: a quoted field may span lines, and a failure
 * is reported by the record that meets it. So a text without quotes is read here whole, and a
 * text with them from its first quote on as before.
 */
final class PlainCsvLines {
  private final Reader in;
  private final char delimiter;
  private final char quote;
  private char[] buffer = new char[1 << 16];
  private int position;
  private int limit;
  private boolean ended;
  private @Nullable IOException failure;
  private boolean handedOver;
  /** The lines read whole so far, the current one included. */
  private long lines;
  private int lineStart;
  private int lineEnd;

  PlainCsvLines(Reader in, char delimiter, char quote) {
    this.in = in;
    this.delimiter = delimiter;
    this.quote = quote;
  }

  /**
   * Reads the next line that is not empty; false at the end of the text, or where the rest is
   * for Commons CSV ({@link #handedOver}).
   */
  boolean next() throws IOException {
    while (!handedOver) {
      int scanned = position;
      int end;
      while (true) {
        int i = scanned;
        while (i < limit && buffer[i] != '\n' && buffer[i] != '\r') {
          if (buffer[i] == quote) {
            handedOver = true;
            return false;
          }
          i++;
        }
        // The line ends at a break, or at the end of the text; a \r last in the buffer waits for
        // the text after it, which says whether a \n makes it one break with it.
        if (ended || (i < limit && !(buffer[i] == '\r' && i + 1 == limit))) {
          end = i;
          break;
        }
        int shift = position;
        if (!fill()) {
          return false;
        }
        scanned = i - shift;
      }
      if (end == position && end == limit) {
        return false;
      }
      int afterBreak = end;
      if (end < limit) {
        afterBreak = buffer[end] == '\r' && end + 1 < limit && buffer[end + 1] == '\n' ? end + 2 : end + 1;
      }
      lineStart = position;
      lineEnd = end;
      position = afterBreak;
      lines++;
      if (lineEnd > lineStart) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads more text into the buffer, the current line moved to its start (what was at {@code
   * position} is at 0 after); false if reading failed, which hands the rest over.
   */
  private boolean fill() throws IOException {
    if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      position = 0;
    }
    if (limit == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    int n;
    try {
      n = in.read(buffer, limit, buffer.length - limit);
    } catch (IOException e) {
      failure = e;
      handedOver = true;
      return false;
    }
    if (n < 0) {
      ended = true;
    } else {
      limit += n;
    }
    return true;
  }

  /** The current line's fields. */
  List<String> fields() {
    List<String> fields = new ArrayList<>();
    int from = lineStart;
    for (int i = lineStart; i < lineEnd; i++) {
      if (buffer[i] == delimiter) {
        fields.add(new String(buffer, from, i - from));
        from = i + 1;
      }
    }
    fields.add(new String(buffer, from, lineEnd - from));
    return fields;
  }

  /** The current line's text, without its line break. */
  String text() {
    return new String(buffer, lineStart, lineEnd - lineStart);
  }

  /** The number of the current line, from 1; after a hand-over, the number of lines read whole. */
  long line() {
    return lines;
  }

  /** Whether the rest of the text is for Commons CSV. */
  boolean handedOver() {
    return handedOver;
  }

  /**
   * The text from the start of the line not read whole: what was read of it, then the failure if
   * reading failed, then what the text had left.
   */
  Reader rest() {
    char[] held = Arrays.copyOfRange(buffer, position, limit);
    IOException failed = failure;
    return new Reader() {
      private int next;
      private @Nullable IOException pending = failed;

      @Override
      public int read(char[] into, int offset, int length) throws IOException {
        if (length == 0) {
          return 0;
        }
        if (next < held.length) {
          int n = Math.min(length, held.length - next);
          System.arraycopy(held, next, into, offset, n);
          next += n;
          return n;
        }
        if (pending != null) {
          IOException e = pending;
          pending = null;
          throw e;
        }
        return ended ? -1 : in.read(into, offset, length);
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }
}
