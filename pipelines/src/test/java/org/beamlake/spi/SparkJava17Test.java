package org.beamlake.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SparkJava17Test {
  @Test
  void theFlagsAreTheBuildsOwn() throws Exception {
    assertEquals(Files.readString(Path.of("..", ".mvn", "jvm.config")).trim(), SparkJava17.FLAGS);
  }
}
