package org.beamlake.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query into tokens just finely enough to find function calls: strings, quoted
 * identifiers and comments are single opaque tokens, so text inside them is never rewritten.
 * Anything the lexer does not recognise becomes a one-character {@link Kind#OTHER} token; Calcite
 * reports real syntax errors later.
 */
final class SqlTokens {
  enum Kind {
    WHITESPACE,
    COMMENT,
    STRING,
    QUOTED_IDENTIFIER,
    IDENTIFIER,
    NUMBER,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    COMMA,
    DOT,
    OTHER
  }

  /** A token: its kind and its {@code [start, end)} character range in the query. */
  record Token(Kind kind, int start, int end, String text) {
    boolean is(Kind k) {
      return kind == k;
    }

    boolean isWord(String upperCaseWord) {
      return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(upperCaseWord);
    }
  }

  private SqlTokens() {}

  /** The significant tokens of {@code sql}: whitespace and comments are dropped. */
  static List<Token> significant(String sql) {
    List<Token> out = new ArrayList<>();
    for (Token t : all(sql)) {
      if (!t.is(Kind.WHITESPACE) && !t.is(Kind.COMMENT)) {
        out.add(t);
      }
    }
    return out;
  }

  /** Every token of {@code sql}; their ranges cover the text without gaps. */
  static List<Token> all(String sql) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      int start = i;
      char c = sql.charAt(i);
      Kind kind;
      if (Character.isWhitespace(c)) {
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
          i++;
        }
        kind = Kind.WHITESPACE;
      } else if (c == '-' && next(sql, i) == '-') {
        while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
          i++;
        }
        kind = Kind.COMMENT;
      } else if (c == '/' && next(sql, i) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
        kind = Kind.COMMENT;
      } else if (c == '\'') {
        i = endOfQuoted(sql, i, '\'');
        kind = Kind.STRING;
      } else if (c == '"' || c == '`') {
        i = endOfQuoted(sql, i, c);
        kind = Kind.QUOTED_IDENTIFIER;
      } else if (Character.isLetter(c) || c == '_') {
        while (i < n && isIdentifierPart(sql.charAt(i))) {
          i++;
        }
        kind = Kind.IDENTIFIER;
      } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(next(sql, i)))) {
        i = endOfNumber(sql, i);
        kind = Kind.NUMBER;
      } else {
        i++;
        kind = punctuation(c);
      }
      out.add(new Token(kind, start, i, sql.substring(start, i)));
    }
    return out;
  }

  private static Kind punctuation(char c) {
    switch (c) {
      case '(':
        return Kind.LEFT_PAREN;
      case ')':
        return Kind.RIGHT_PAREN;
      case '[':
        return Kind.LEFT_BRACKET;
      case ']':
        return Kind.RIGHT_BRACKET;
      case ',':
        return Kind.COMMA;
      case '.':
        return Kind.DOT;
      default:
        return Kind.OTHER;
    }
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static char next(String sql, int i) {
    return i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
  }

  /** A quote doubled inside the quotes stands for itself ({@code 'it''s'}); unterminated runs to the end. */
  private static int endOfQuoted(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (next(sql, i) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static int endOfNumber(String sql, int start) {
    int i = start;
    int n = sql.length();
    while (i < n && Character.isDigit(sql.charAt(i))) {
      i++;
    }
    if (i < n && sql.charAt(i) == '.') {
      i++;
      while (i < n && Character.isDigit(sql.charAt(i))) {
        i++;
      }
    }
    if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
        j++;
      }
      if (j < n && Character.isDigit(sql.charAt(j))) {
        i = j;
        while (i < n && Character.isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
    return i;
  }
}
