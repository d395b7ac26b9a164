package org.beamlake.capture.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The texts copied as they are must be exactly those the BigInteger/BigDecimal round trip leaves alone. */
class NumberTextTest {
  private static final List<String> TEXTS = List.of("0", "7", "-7", "10", "123456789012345678",
      "1234567890123456789", "-0", "007", "+7", " 7", "7 ", "", "-", "1e5", "0.0", "0.50", "-0.50", "-0.00",
      "12.", ".5", "1.2.3", "00.5", "NaN", "Infinity", "-Infinity", "1,5", "99999999999999999999.000001");

  @Test
  void integersAreCopiedOnlyIfTheRoundTripGivesThemBack() {
    assertTrue(NumberText.isCanonical("0", false));
    assertTrue(NumberText.isCanonical("-7", false));
    assertTrue(NumberText.isCanonical("123456789012345678", false));
    assertFalse(NumberText.isCanonical("1234567890123456789", false), "19 digits: JdbcValues.integer decides");
    assertFalse(NumberText.isCanonical("-0", false));
    assertFalse(NumberText.isCanonical("007", false));
    assertFalse(NumberText.isCanonical("+7", false));
    assertFalse(NumberText.isCanonical(" 7", false));
    assertFalse(NumberText.isCanonical("", false));
    assertFalse(NumberText.isCanonical("1.5", false));
    for (String text : TEXTS) {
      if (NumberText.isCanonical(text, false)) {
        assertEquals(text, JdbcValues.integer(text).toString(), text);
      }
    }
  }

  @Test
  void decimalsAreCopiedOnlyIfTheRoundTripGivesThemBack() {
    assertTrue(NumberText.isCanonical("0.50", true));
    assertTrue(NumberText.isCanonical("-0.50", true));
    assertTrue(NumberText.isCanonical("99999999999999999999.000001", true));
    assertFalse(NumberText.isCanonical("-0.00", true), "BigDecimal has no negative zero");
    assertFalse(NumberText.isCanonical("12.", true));
    assertFalse(NumberText.isCanonical(".5", true));
    assertFalse(NumberText.isCanonical("1e5", true));
    assertFalse(NumberText.isCanonical("NaN", true));
    assertFalse(NumberText.isCanonical("00.5", true));
    for (String text : TEXTS) {
      if (NumberText.isCanonical(text, true)) {
        assertEquals(text, new BigDecimal(text).toPlainString(), text);
      }
    }
  }
}
