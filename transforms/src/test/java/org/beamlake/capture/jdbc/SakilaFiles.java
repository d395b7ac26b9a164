package org.beamlake.capture.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Sakila sample database's scripts are: the dvd-rental demo's copy in this repository. */
final class SakilaFiles {
  private SakilaFiles() {}

  static Path dir() {
    String configured = System.getProperty("beamlake.sakila");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("testdata/dvd-rental/sakila");
      if (Files.isRegularFile(candidate.resolve("postgres-sakila-schema.sql"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("Sakila scripts not found: expected testdata/dvd-rental/sakila in the repository"
        + " (or -Dbeamlake.sakila=DIR)");
  }
}
