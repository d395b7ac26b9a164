package org.beamlake.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WorldIndicatorsOptionsTest {

  @Test
  void defaultsAreTheFullDemo() {
    assertEquals(new WorldIndicatorsOptions(Path.of("out"), 200, 1960, 2023, 1000, 360),
        WorldIndicatorsOptions.parse("--out", "out"));
  }

  @Test
  void parsesEveryOption() {
    assertEquals(new WorldIndicatorsOptions(Path.of("s"), 6, 2000, 2011, 40, -9),
        WorldIndicatorsOptions.parse("--countries", "6", "--from", "2000", "--to", "2011",
            "--page-size", "40", "--seed", "-9", "--out", "s"));
  }

  @Test
  void refusesBadArgumentsNamingTheOption() {
    assertEquals("unknown option --pages",
        assertThrows(IllegalArgumentException.class,
            () -> WorldIndicatorsOptions.parse("--out", "o", "--pages", "3")).getMessage());
    assertEquals("--seed needs a value",
        assertThrows(IllegalArgumentException.class,
            () -> WorldIndicatorsOptions.parse("--out", "o", "--seed")).getMessage());
    assertEquals("--countries expects a whole number, got 'six'",
        assertThrows(IllegalArgumentException.class,
            () -> WorldIndicatorsOptions.parse("--out", "o", "--countries", "six")).getMessage());
    assertEquals("--countries must be between 1 and 200, got 201",
        assertThrows(IllegalArgumentException.class,
            () -> WorldIndicatorsOptions.parse("--out", "o", "--countries", "201")).getMessage());
    assertEquals("--from and --to must satisfy 1960 <= from <= to <= 2023, got 2010 and 2000",
        assertThrows(IllegalArgumentException.class,
            () -> WorldIndicatorsOptions.parse("--out", "o", "--from", "2010", "--to", "2000")).getMessage());
    assertEquals("--page-size must be > 0, got 0",
        assertThrows(IllegalArgumentException.class,
            () -> WorldIndicatorsOptions.parse("--out", "o", "--page-size", "0")).getMessage());
    assertEquals("--out is required",
        assertThrows(IllegalArgumentException.class, () -> WorldIndicatorsOptions.parse("--seed", "1")).getMessage());
  }
}
