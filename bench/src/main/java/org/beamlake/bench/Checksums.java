package org.beamlake.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The committed SHA-256 of the generator's output per size ({@code checksums.properties}), and the
 * generated data sets under the work directory, made once and checked against them.
 */
final class Checksums {
  private static final Properties EXPECTED = load();

  private Checksums() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Checksums.class.getResourceAsStream("checksums.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** The committed checksum of the world-indicators data at {@code rows}, if one is committed. */
  static Optional<String> expected(long rows) {
    return Optional.ofNullable(EXPECTED.getProperty(Long.toString(rows)));
  }

  /**
   * The data set for {@code shape} under {@code root}: generated unless a complete one is there,
   * and refused if its checksum differs from the committed one.
   */
  static Path dataSet(DataShape shape, Path root) throws IOException {
    Path dir = root.resolve(shape.label());
    Path marker = dir.resolve("SHA256");
    String sha;
    if (Files.exists(marker)) {
      sha = Files.readString(marker).trim();
    } else {
      sha = WorldIndicatorsGenerator.generate(shape, dir);
      Files.writeString(marker, sha + "\n");
    }
    Optional<String> expected = shape.equals(DataShape.worldIndicators(shape.rows())) ? expected(shape.rows()) : Optional.empty();
    if (expected.isPresent() && !expected.get().equals(sha)) {
      throw new IllegalStateException("generated data at " + shape.label() + " has SHA-256 " + sha + ", expected "
          + expected.get() + " (bench/src/main/resources/org/beamlake/bench/checksums.properties): the generator changed");
    }
    return dir;
  }
}
