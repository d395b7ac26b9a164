package org.beamlake.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oracle on small hand-written pages whose results are worked out by hand below. */
class WorldIndicatorsExpectedTest {

  /** One record with the columns the oracle reads; {@code null} arguments are JSON nulls. */
  private static String rec(String area, String indicator, String db, String year, String value) {
    return String.format(
        "{\"REF_AREA\":%s,\"INDICATOR\":%s,\"DATABASE_ID\":%s,\"TIME_PERIOD\":%s,"
            + "\"OBS_VALUE\":%s,\"UNIT_MEASURE\":\"U\"}",
        quoted(area), quoted(indicator), quoted(db), quoted(year), quoted(value));
  }

  private static String quoted(String text) {
    return text == null ? "null" : "\"" + text + "\"";
  }

  private static void page(Path dir, String name, String... records) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name),
        "{\"count\":" + records.length + ",\"value\":[\n" + String.join(",\n", records) + "\n]}\n");
  }

  private static WorldIndicatorsExpected handWrittenCase(Path dir) throws IOException {
    page(dir, "D1__I1__skip000000.json",
        rec("AAA", "I1", "D1", "2000", "10"),
        rec("AAA", "I1", "D1", "2001", "20"),
        rec("AAA", "I1", "D1", "2002", null), // filled: (10 + 20 + 60) / 3 = 30
        rec("AAA", "I1", "D1", "2003", "60"),
        rec("BBB", "I1", "D1", "2000", null), // a group without values stays null
        rec("BBB", "I1", "D1", "2001", null),
        rec("CCC", "I1", "D1", "2000", "1.5"),
        rec("CCC", "I1", "D1", "2001", "2.5"),
        rec("CCC", "I1", "D1", "2002", "4"),
        rec("CCC", "I1", "D1", "2003", "7"),
        rec("XXX", "I1", "D1", "2000", "n/a"), // parse
        rec("YYY", "I1", "D1", "19x5", "5")); // parse
    page(dir, "D1__I1__skip000012.json",
        rec("AAA", "I1", "D1", "2001", "20"), // exact duplicate of a record on the first page
        rec(null, "I1", "D1", "2000", "104.2"), // rules: two checks fail, counted once
        rec("aaa", "I1", "D1", "2000", "5"), // rules: lower case
        rec("DDD", "I1", "D1", "2000", "-3.5"), // rules: below 0
        rec("EEE", "I1", "D1", null, "5"), // rules: no year
        rec("EEE", "I1", "D1", "2000", "0.1"),
        rec("EEE", "I1", "D1", "2001", "0.2"),
        rec("EEE", "I1", "D1", "2002", "0.3"));
    page(dir, "D2__I2__skip000000.json",
        rec("AAA", "I2", "D2", "2000", "1"),
        rec("AAA", "I2", "D2", "2001", "2"),
        rec("AAA", "I2", "D2", "2002", "3"));
    return WorldIndicatorsExpected.compute(dir);
  }

  @Test
  void countsEachRecordOnce(@TempDir Path dir) throws IOException {
    WorldIndicatorsExpected expected = handWrittenCase(dir);
    assertEquals(23, expected.recordsRead());
    assertEquals(2, expected.quarantinedParse());
    assertEquals(1, expected.deduplicated());
    assertEquals(4, expected.quarantinedRules());
    assertEquals(16, expected.trustedRows().size());
  }

  @Test
  void trustedRowsHaveGapsFilledByTheirGroupMean(@TempDir Path dir) throws IOException {
    List<TrustedIndicatorRow> rows = handWrittenCase(dir).trustedRows();
    assertEquals(List.of(
        new TrustedIndicatorRow("AAA", "I1", "D1", 2000, 10.0, "U"),
        new TrustedIndicatorRow("AAA", "I1", "D1", 2001, 20.0, "U"),
        new TrustedIndicatorRow("AAA", "I1", "D1", 2002, 30.0, "U"),
        new TrustedIndicatorRow("AAA", "I1", "D1", 2003, 60.0, "U"),
        new TrustedIndicatorRow("BBB", "I1", "D1", 2000, null, "U"),
        new TrustedIndicatorRow("BBB", "I1", "D1", 2001, null, "U"),
        new TrustedIndicatorRow("CCC", "I1", "D1", 2000, 1.5, "U"),
        new TrustedIndicatorRow("CCC", "I1", "D1", 2001, 2.5, "U"),
        new TrustedIndicatorRow("CCC", "I1", "D1", 2002, 4.0, "U"),
        new TrustedIndicatorRow("CCC", "I1", "D1", 2003, 7.0, "U"),
        new TrustedIndicatorRow("EEE", "I1", "D1", 2000, 0.1, "U"),
        new TrustedIndicatorRow("EEE", "I1", "D1", 2001, 0.2, "U"),
        new TrustedIndicatorRow("EEE", "I1", "D1", 2002, 0.3, "U"),
        new TrustedIndicatorRow("AAA", "I2", "D2", 2000, 1.0, "U"),
        new TrustedIndicatorRow("AAA", "I2", "D2", 2001, 2.0, "U"),
        new TrustedIndicatorRow("AAA", "I2", "D2", 2002, 3.0, "U")), rows);
  }

  @Test
  void statsPerCountryAndIndicator(@TempDir Path dir) throws IOException {
    assertEquals(List.of(
        // 10, 20, 30 (filled), 60: even count, median (20 + 30) / 2
        new CountryIndicatorStats("D1", "AAA", "I1", 30.0, 25.0, 10.0, 60.0, 4),
        new CountryIndicatorStats("D2", "AAA", "I2", 2.0, 2.0, 1.0, 3.0, 3),
        // 1.5, 2.5, 4, 7: mean 15 / 4, median (2.5 + 4) / 2; BBB has no values, so no row
        new CountryIndicatorStats("D1", "CCC", "I1", 3.75, 3.25, 1.5, 7.0, 4),
        // exact summation: a double running sum would give 0.20000000000000004
        new CountryIndicatorStats("D1", "EEE", "I1", 0.2, 0.2, 0.1, 0.3, 3)),
        handWrittenCase(dir).statsCountryIndicator());
  }

  @Test
  void statsPerCountryOverAllIndicators(@TempDir Path dir) throws IOException {
    assertEquals(List.of(
        // 1, 2, 3, 10, 20, 30, 60: mean 126 / 7
        new CountryGlobalStats("AAA", 18.0, 10.0, 1.0, 60.0, 7),
        new CountryGlobalStats("CCC", 3.75, 3.25, 1.5, 7.0, 4),
        new CountryGlobalStats("EEE", 0.2, 0.2, 0.1, 0.3, 3)),
        handWrittenCase(dir).statsCountryGlobal());
  }

  @Test
  void parsesAsThePipelineColumnTypesDo(@TempDir Path dir) throws IOException {
    page(dir, "p.json",
        "{\"REF_AREA\":\"AAA\",\"INDICATOR\":\"I\",\"TIME_PERIOD\":2000,\"OBS_VALUE\":50}",
        rec("AAA", "I", null, " 2001 ", " 40 "),
        rec("AAA", "I", null, "2002", ""), // empty is null: filled with 45
        rec("AAA", "I", null, "2003", "NaN"), // parse
        rec("AAA", "I", null, "2004.5", "1")); // parse
    WorldIndicatorsExpected expected = WorldIndicatorsExpected.compute(dir);
    assertEquals(2, expected.quarantinedParse());
    assertEquals(List.of(
        new TrustedIndicatorRow("AAA", "I", null, 2000, 50.0, null),
        new TrustedIndicatorRow("AAA", "I", null, 2001, 40.0, "U"),
        new TrustedIndicatorRow("AAA", "I", null, 2002, 45.0, "U")), expected.trustedRows());
  }

  @Test
  void refusesDuplicateKeysWithDifferentContent(@TempDir Path dir) throws IOException {
    page(dir, "p.json", rec("AAA", "I", "D", "2000", "1"), rec("AAA", "I", "D", "2000", "2"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WorldIndicatorsExpected.compute(dir));
    assertTrue(e.getMessage().startsWith("records with the same REF_AREA, INDICATOR and TIME_PERIOD differ"));
  }
}
