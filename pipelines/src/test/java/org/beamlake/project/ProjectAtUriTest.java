package org.beamlake.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project read through Beam's FileSystems from a URI (here {@code file://}; {@code s3://} and
 * {@code azfs://} go the same way): the files the project names are copied, nothing else, and data
 * locations resolve against the URI so a cluster's workers read them where they are.
 */
class ProjectAtUriTest {
  @TempDir Path tmp;
  Path projectDir;
  String uri;

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @BeforeEach
  void writeProject() throws Exception {
    projectDir = tmp.resolve("projects/sales");
    Files.createDirectories(projectDir.resolve("sql"));
    Files.createDirectories(projectDir.resolve("tests"));
    Files.createDirectories(tmp.resolve("projects/shared"));
    Files.writeString(projectDir.resolve("sql/by_day.sql"), "SELECT a FROM d");
    Files.writeString(tmp.resolve("projects/shared/totals.sql"), "SELECT COUNT(*) AS n FROM d");
    Files.writeString(projectDir.resolve("tests/by_day.csv"), "a\n1\n");
    Files.writeString(projectDir.resolve("notes.txt"), "not named by the project");
    Files.writeString(projectDir.resolve("beamlake.yaml"), String.join("\n",
        "name: sales",
        "lake: ../../lakes/sales",
        "sources:",
        "  s: {path: 'data/*.csv', sample: './samples/../samples/*.csv'}",
        "datasets:",
        "  d: {source: s, format: csv, columns: {a: int}}",
        "tables:",
        "  by_day: {sql: sql/by_day.sql}",
        "  totals: {sql: ../shared/totals.sql}",
        "expectations:",
        "  - {output: refined/by_day, golden: tests/by_day.csv}",
        ""));
    uri = "file://" + projectDir;
  }

  @Test
  void readsTheProjectFilesItNamesAndResolvesDataLocationsAgainstTheUri() throws Exception {
    Project p = ProjectLoader.load(uri);
    assertEquals("sales", p.name());
    assertEquals(uri + "/beamlake.yaml", p.file());
    assertEquals(uri + "/data/*.csv", p.sources().get("s").location());
    assertEquals(uri + "/samples/*.csv", p.sources().get("s").sampleLocation());
    assertEquals("file://" + tmp + "/lakes/sales", p.lake());
    assertEquals("SELECT a FROM d", p.tables().get("by_day").sql());
    assertEquals(uri + "/sql/by_day.sql", p.tables().get("by_day").sqlFile());
    assertEquals("SELECT COUNT(*) AS n FROM d", p.tables().get("totals").sql());
    assertEquals("file://" + tmp + "/projects/shared/totals.sql", p.tables().get("totals").sqlFile());

    // A local copy, holding exactly what the project names.
    Path golden = Path.of(p.expectations().get(0).goldenFile());
    assertEquals("a\n1\n", Files.readString(golden));
    assertFalse(golden.startsWith(projectDir), golden.toString());
    Path copyRoot = p.dir().getParent().getParent().getParent();
    try (var files = Files.walk(copyRoot)) {
      assertEquals(List.of("projects/sales/beamlake.yaml", "projects/sales/sql/by_day.sql",
              "projects/sales/tests/by_day.csv", "projects/shared/totals.sql"),
          files.filter(Files::isRegularFile).map(f -> copyRoot.relativize(f).toString()
              .replaceFirst("^.*?projects/", "projects/")).sorted().collect(Collectors.toList()));
    }
  }

  @Test
  void theYamlFileItselfMayBeNamed() {
    Project p = ProjectLoader.load(uri + "/beamlake.yaml");
    assertEquals(uri + "/beamlake.yaml", p.file());
    assertEquals(uri + "/data/*.csv", p.sources().get("s").location());
  }

  @Test
  void missingFilesAreReportedWithTheirUri() throws Exception {
    Files.delete(projectDir.resolve("sql/by_day.sql"));
    Files.delete(projectDir.resolve("tests/by_day.csv"));
    ProjectException e = assertThrows(ProjectException.class, () -> ProjectLoader.load(uri));
    assertEquals(List.of(
            uri + "/beamlake.yaml:8: tables.by_day.sql: cannot read SQL file " + uri + "/sql/by_day.sql: "
                + "NoSuchFileException",
            uri + "/beamlake.yaml:11: expectations[0].golden: no such file tests/by_day.csv"),
        e.errors().stream().map(ProjectError::toString).collect(Collectors.toList()));
  }

  @Test
  void aUriWithoutAProjectSaysWhatAProjectIs() {
    ProjectException e = assertThrows(ProjectException.class, () -> ProjectLoader.load(uri + "/nope"));
    assertEquals(uri + "/nope/beamlake.yaml: no such file; a project is a directory with a beamlake.yaml or the "
        + "YAML file itself", e.getMessage());
  }

  @Test
  void aPathIsStillAPath() {
    Project p = ProjectLoader.load(projectDir.toString());
    assertEquals(projectDir.resolve("data/*.csv").toString(), p.sources().get("s").location());
    assertEquals(tmp.resolve("lakes/sales").toString(), p.lake());
    assertTrue(ProjectLoader.isUri(uri));
    assertFalse(ProjectLoader.isUri(projectDir.toString()));
  }
}
