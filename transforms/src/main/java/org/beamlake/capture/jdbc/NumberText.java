package org.beamlake.capture.jdbc;

/**
 * Recognises the text of an integer or decimal that {@code Long}/{@code BigInteger} and {@code
 * BigDecimal.toPlainString()} would give back unchanged: an optional minus, no leading zeros, no
 * exponent, no spaces, and no negative zero (BigDecimal has none).
 */
final class NumberText {
  /** Longer integers may not fit a long; {@link JdbcValues#integer} decides those. */
  private static final int LONG_DIGITS = 18;

  private NumberText() {}

  static boolean isCanonical(String text, boolean decimal) {
    int n = text.length();
    int i = 0;
    boolean negative = n > 0 && text.charAt(0) == '-';
    if (negative) {
      i++;
    }
    int intStart = i;
    while (i < n && isDigit(text.charAt(i))) {
      i++;
    }
    int intDigits = i - intStart;
    if (intDigits == 0 || (intDigits > 1 && text.charAt(intStart) == '0')) {
      return false;
    }
    boolean nonZero = intDigits > 1 || text.charAt(intStart) != '0';
    if (!decimal) {
      return i == n && intDigits <= LONG_DIGITS && (!negative || nonZero);
    }
    if (i < n) {
      if (text.charAt(i) != '.') {
        return false;
      }
      i++;
      int fractionStart = i;
      for (; i < n; i++) {
        char c = text.charAt(i);
        if (!isDigit(c)) {
          return false;
        }
        nonZero |= c != '0';
      }
      if (i == fractionStart) {
        return false;
      }
    }
    return !negative || nonZero;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
