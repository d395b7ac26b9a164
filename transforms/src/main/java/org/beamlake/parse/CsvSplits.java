package org.beamlake.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.beamlake.parse.FileRange.Cut;

/**
 * Where a CSV file can be cut into parts of about {@code targetBytes} that each start at a record,
 * found by one pass over its bytes with the state machine Commons CSV reads the default format
 * with: a quote opens a quoted field only as a field's first character, a doubled quote inside it
 * is a quote, a line break ends a record unless it is inside a quoted field. A cut is made only
 * after a {@code \n}, so files with {@code \r} alone as line break stay whole. Line breaks are
 * counted as Commons CSV counts them ({@code \r\n} once), inside quoted fields too.
 *
 * <p>Whatever Commons CSV would reject (a character after a closing quote) or might read otherwise
 * (a non-ASCII character there) ends the search: the rest of the file is one part, parsed as a
 * whole file is, so a malformed record still takes the rest of the file with it into one reject.
 * An unterminated quote likewise never reaches a cut.
 */
final class CsvSplits {
  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;
  private static final int AFTER_QUOTE = 4;

  private CsvSplits() {}

  /**
   * Whether files of this charset can be cut by their bytes: an ASCII-compatible charset in which
   * no byte below 0x80 is part of a longer character (UTF-8, ISO-8859-*, windows-125*), with an
   * ASCII delimiter and quote.
   */
  static boolean canCut(Charset charset, char delimiter, char quote) {
    return delimiter < 0x80 && quote < 0x80 && isAsciiCompatible(charset);
  }

  /** Whether every byte below 0x80 is that ASCII character in {@code charset}, never part of a longer one. */
  static boolean isAsciiCompatible(Charset charset) {
    if (charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)) {
      return true;
    }
    if (!charset.canEncode() || charset.newEncoder().maxBytesPerChar() != 1) {
      return false;
    }
    byte[] ascii = new byte[128];
    for (int i = 0; i < ascii.length; i++) {
      ascii[i] = (byte) i;
    }
    return new String(ascii, StandardCharsets.US_ASCII).equals(new String(ascii, charset));
  }

  /**
   * The cuts of {@code in}, in order: each at least {@code targetBytes} after the previous one
   * (or the start), right after the {@code \n} that ends a record, and before the end of the file.
   * A UTF-8 file's byte-order mark is skipped, as the parser does not see it.
   */
  static List<Cut> find(InputStream in, Charset charset, char delimiter, char quote, long targetBytes)
      throws IOException {
    boolean utf8 = charset.equals(StandardCharsets.UTF_8);
    PartCuts cuts = new PartCuts(targetBytes);
    byte[] buffer = new byte[1 << 16];
    int state = FIELD_START;
    long position = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      for (int i = 0; i < n; i++, position++) {
        int b = buffer[i] & 0xff;
        if (position == 0 && utf8 && b == 0xEF) {
          // A UTF-8 byte-order mark, removed before parsing: the first field starts after it.
          if (isBom(buffer, i, n)) {
            i += 2;
            position += 2;
            continue;
          }
        }
        cuts.next(b);
        boolean lineBreak = b == '\n' || b == '\r';
        int before = state;
        switch (state) {
          case FIELD_START:
            state = b == quote ? QUOTED : b == delimiter || lineBreak ? FIELD_START : UNQUOTED;
            break;
          case UNQUOTED:
            state = b == delimiter || lineBreak ? FIELD_START : UNQUOTED;
            break;
          case QUOTED:
            state = b == quote ? QUOTE_IN_QUOTED : QUOTED;
            break;
          case QUOTE_IN_QUOTED:
          case AFTER_QUOTE:
            if (b == quote && state == QUOTE_IN_QUOTED) {
              state = QUOTED;
            } else if (b == delimiter || lineBreak) {
              state = FIELD_START;
            } else if (isAsciiSpace(b)) {
              state = AFTER_QUOTE;
            } else {
              return cuts.cuts();
            }
            break;
          default:
            throw new IllegalStateException("state " + state);
        }
        if (b == '\n' && before != QUOTED) {
          cuts.recordEnded(position);
        }
      }
    }
    return cuts.cuts();
  }

  /** Whether the bytes at {@code i} of the first buffer read are a UTF-8 byte-order mark. */
  private static boolean isBom(byte[] buffer, int i, int n) {
    return n >= 3 && (buffer[i + 1] & 0xff) == 0xBB && (buffer[i + 2] & 0xff) == 0xBF;
  }

  /** The characters below 0x80, but the line breaks, that Commons CSV skips after a closing quote. */
  private static boolean isAsciiSpace(int b) {
    return b == ' ' || b == '\t' || b == 0x0B || b == 0x0C || (b >= 0x1C && b <= 0x1F);
  }
}
