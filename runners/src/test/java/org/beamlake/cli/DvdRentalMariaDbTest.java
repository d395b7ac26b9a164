package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.beamlake.capture.Secrets;
import org.beamlake.lake.TableReader;
import org.beamlake.testdata.FixtureApiServer;
import org.beamlake.testdata.SakilaMariaDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dvd-rental project, unchanged, against MariaDB with the Sakila MySQL schema: the MySQL path.
 * The loaded tables arrive in trusted exactly as the data file has them; the empty ones as empty.
 */
class DvdRentalMariaDbTest {
  static final Path PROJECT = DvdRentalEndToEndTest.PROJECT;

  @TempDir Path tmp;

  /** id|first|last of every actor in the Sakila data file, sorted. */
  static List<String> actorsInTheDataFile() throws Exception {
    List<String> lines = Files.readAllLines(PROJECT.resolve("sakila/postgres-sakila-insert-data-using-copy.sql"));
    List<String> actors = new ArrayList<>();
    int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("COPY public.actor ")).findFirst().orElseThrow());
    for (int i = at + 1; !lines.get(i).equals("\\."); i++) {
      String[] f = lines.get(i).split("\t");
      actors.add(f[0] + "|" + f[1] + "|" + f[2]);
    }
    return actors.stream().sorted().toList();
  }

  @Test
  void theSameProjectCapturesFromMariaDb() throws Exception {
    Path lake = tmp.resolve("lake");
    try (SakilaMariaDb db = SakilaMariaDb.start(PROJECT.resolve("sakila"));
        FixtureApiServer api = FixtureApiServer.start(tmp).serveCatalogue(PROJECT.resolve("catalogue/products.json"))) {
      System.setProperty(Secrets.PROPERTY_PREFIX + "SAKILA_URL", db.url());
      System.setProperty(Secrets.PROPERTY_PREFIX + "SAKILA_USER", "root");
      System.setProperty(Secrets.PROPERTY_PREFIX + "SAKILA_PASSWORD", "unused-by-an-embedded-server");
      System.setProperty(Secrets.PROPERTY_PREFIX + "CATALOGUE_URL", api.url());
      for (String stage : List.of("capture", "etl")) {
        CliTest.Result r = cli("run", PROJECT.toString(), "--lake", lake.toString(), "--run-id", "m1", "--stage", stage,
            "--runner", "spark", "--spark-master", "local[2]");
        assertEquals(0, r.code(), r.err());
      }
    } finally {
      for (String name : List.of("SAKILA_URL", "SAKILA_USER", "SAKILA_PASSWORD", "CATALOGUE_URL")) {
        System.clearProperty(Secrets.PROPERTY_PREFIX + name);
      }
    }
    List<String> actors = TableReader.readAll(lake.resolve("trusted/actors") + "/").rows().stream()
        .map(r -> r.getInt32("actor_id") + "|" + r.getString("first_name") + "|" + r.getString("last_name"))
        .sorted().toList();
    assertEquals(actorsInTheDataFile(), actors);
    assertEquals(1000, TableReader.readAll(lake.resolve("trusted/films") + "/").rows().size());
    assertEquals(List.of("G", "NC-17", "PG", "PG-13", "R"), TableReader.readAll(lake.resolve("trusted/films") + "/")
        .rows().stream().map(r -> r.getString("rating")).distinct().sorted().toList());
    assertEquals(16, TableReader.readAll(lake.resolve("trusted/categories") + "/").rows().size());
    assertEquals(0, TableReader.readAll(lake.resolve("trusted/rentals") + "/").rows().size());
  }
}
