package org.beamlake.testdata;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Data360 record with its columns typed, next to the record as read, for {@link
 * WorldIndicatorsExpected}. Parsing follows the rules of the pipeline's column types: text is
 * trimmed, empty text is null, a double must be finite.
 *
 * @param row the typed columns the trusted table keeps
 * @param original the record as read, to tell exact duplicates from conflicting ones
 */
record ParsedRecord(TrustedIndicatorRow row, JsonNode original) {

  /** The typed record, or null when TIME_PERIOD or OBS_VALUE does not parse. */
  static ParsedRecord parse(JsonNode record) {
    try {
      TrustedIndicatorRow row =
          new TrustedIndicatorRow(
              text(record.get("REF_AREA")),
              text(record.get("INDICATOR")),
              text(record.get("DATABASE_ID")),
              year(record.get("TIME_PERIOD")),
              value(record.get("OBS_VALUE")),
              text(record.get("UNIT_MEASURE")));
      return new ParsedRecord(row, record);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static Integer year(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      String text = node.textValue().trim();
      return text.isEmpty() ? null : Integer.parseInt(text);
    }
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return node.intValue();
    }
    throw new NumberFormatException("not a year: " + node);
  }

  private static Double value(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    double value;
    if (node.isTextual()) {
      String text = node.textValue().trim();
      if (text.isEmpty()) {
        return null;
      }
      value = Double.parseDouble(text);
    } else if (node.isNumber()) {
      value = node.doubleValue();
    } else {
      throw new NumberFormatException("not a number: " + node);
    }
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new NumberFormatException("not a finite number: " + node);
    }
    return value;
  }
}
