package org.beamlake.cli;

import static org.beamlake.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code beamlake lake init} on a local lake, and the store lookup by scheme. */
class LakeCommandTest {
  @TempDir Path tmp;

  @Test
  void createsTheZonesAndIsSafeToRunAgain() throws Exception {
    Path lake = tmp.resolve("lake");
    CliTest.Result first = cli("lake", "init", lake.toString(), "--create");
    assertEquals(0, first.code(), first.err());
    assertEquals(List.of("created " + lake, "created " + lake + "/raw/", "created " + lake + "/trusted/",
        "created " + lake + "/quarantine/", "created " + lake + "/refined/", "created " + lake + "/_runs/",
        "created " + lake + "/_state/"), first.out().lines().toList());

    Files.writeString(lake.resolve("raw/keep.txt"), "kept");
    CliTest.Result again = cli("lake", "init", lake.toString());
    assertEquals(0, again.code(), again.err());
    assertEquals(List.of("exists  " + lake + "/raw/", "exists  " + lake + "/trusted/", "exists  " + lake + "/quarantine/",
        "exists  " + lake + "/refined/", "exists  " + lake + "/_runs/", "exists  " + lake + "/_state/"),
        again.out().lines().toList());
    assertEquals("kept", Files.readString(lake.resolve("raw/keep.txt")));
  }

  @Test
  void aMissingLakeIsCreatedOnlyWhenAsked() {
    Path lake = tmp.resolve("nowhere");
    CliTest.Result r = cli("lake", "init", lake.toString());
    assertEquals(1, r.code());
    assertEquals(List.of("error: " + lake + " does not exist; pass --create to create it",
        "(set BEAMLAKE_DEBUG=1 for the stack trace)"), r.err().lines().toList());
    assertEquals(false, Files.exists(lake));
  }

  @Test
  void aSchemeWithoutAStoreSaysWhichAreKnown() {
    CliTest.Result r = cli("lake", "init", "gopher://host/lake");
    assertEquals(1, r.code());
    assertEquals("error: no lake store for 'gopher://' in this build; known: [azfs, file, s3]", r.err().lines().findFirst().orElseThrow());
  }
}
