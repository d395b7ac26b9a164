package org.beamlake.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A query after {@link SqlRewriter}: the text Beam SQL sees, the percentiles it needs registered,
 * and for every character the offset of the original character it came from, so that Calcite's
 * error positions can be reported against the query the user wrote.
 *
 * <p>Rewriting never adds or drops a line break, so a position keeps its line; only columns on a
 * line holding a rewritten call move, and {@link #toOriginal} moves them back. Inserted text maps
 * to the original position it was inserted at.
 */
record RewrittenSql(String original, String sql, int[] originalOffsets, Set<BigDecimal> percentiles) {

  /** A replacement of {@code [start, end)} of the original by {@code text}; an insertion if empty. */
  record Edit(int start, int end, String text) {}

  /** Applies non-overlapping edits to {@code original}. */
  static RewrittenSql apply(String original, List<Edit> edits, Set<BigDecimal> percentiles) {
    List<Edit> sorted = new ArrayList<>(edits);
    // Stable: at one offset an insertion goes before the replacement of the token starting there.
    sorted.sort(Comparator.comparingInt(Edit::start).thenComparing(e -> e.end() > e.start()));
    StringBuilder out = new StringBuilder(original.length() + 64);
    int[] offsets = new int[original.length() * 2 + 64];
    int copied = 0;
    for (Edit edit : sorted) {
      offsets = copy(original, copied, edit.start(), out, offsets);
      for (int i = 0; i < edit.text().length(); i++) {
        offsets = append(out, offsets, edit.text().charAt(i), edit.start());
      }
      copied = Math.max(copied, edit.end());
    }
    offsets = copy(original, copied, original.length(), out, offsets);
    offsets = append(out, offsets, '\0', original.length());
    out.setLength(out.length() - 1);
    int[] exact = new int[out.length() + 1];
    System.arraycopy(offsets, 0, exact, 0, exact.length);
    return new RewrittenSql(original, out.toString(), exact, Set.copyOf(percentiles));
  }

  private static int[] copy(String original, int from, int to, StringBuilder out, int[] offsets) {
    for (int i = from; i < to; i++) {
      offsets = append(out, offsets, original.charAt(i), i);
    }
    return offsets;
  }

  private static int[] append(StringBuilder out, int[] offsets, char c, int originalOffset) {
    if (out.length() >= offsets.length) {
      int[] grown = new int[offsets.length * 2];
      System.arraycopy(offsets, 0, grown, 0, offsets.length);
      offsets = grown;
    }
    offsets[out.length()] = originalOffset;
    out.append(c);
    return offsets;
  }

  /** The same error with its 1-based line and column moved from the rewritten to the original query. */
  SqlError toOriginal(SqlError error) {
    if (error.line() <= 0 || error.column() <= 0) {
      return error;
    }
    int offset = offsetOf(sql, error.line(), error.column());
    int originalOffset = originalOffsets[Math.min(offset, sql.length())];
    int[] lineAndColumn = lineAndColumnOf(original, originalOffset);
    return new SqlError(error.file(), lineAndColumn[0], lineAndColumn[1], error.message());
  }

  /** Offset of a 1-based line and column, counting line breaks as Calcite does (CR, LF, CRLF). */
  static int offsetOf(String text, int line, int column) {
    int currentLine = 1;
    int i = 0;
    while (currentLine < line && i < text.length()) {
      char c = text.charAt(i++);
      if (c == '\r' && i < text.length() && text.charAt(i) == '\n') {
        i++;
      }
      if (c == '\r' || c == '\n') {
        currentLine++;
      }
    }
    return Math.min(i + column - 1, text.length());
  }

  /** The 1-based line and column of an offset; the inverse of {@link #offsetOf}. */
  static int[] lineAndColumnOf(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    int i = 0;
    while (i < offset && i < text.length()) {
      char c = text.charAt(i++);
      if (c == '\r' && i < text.length() && text.charAt(i) == '\n' && i < offset) {
        i++;
      }
      if (c == '\r' || c == '\n') {
        line++;
        lineStart = i;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }
}
