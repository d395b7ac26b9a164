package org.beamlake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it: exit codes, messages, and what a run leaves in the lake. */
class CliTest {
  static final Path BROKEN = Path.of("src", "test", "resources", "broken-project").toAbsolutePath();

  @TempDir Path tmp;

  /** Exit code, stdout and stderr of one CLI call. */
  record Result(int code, String out, String err) {
    List<String> errLines() {
      return Arrays.asList(err.split("\\R"));
    }
  }

  static synchronized Result cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void validateListsEveryMistakeWithFileLineAndKeyAndExitsOne() {
    Result r = cli("validate", BROKEN.toString());
    String yaml = BROKEN.resolve("beamlake.yaml") + ":";
    String sql = BROKEN.resolve("sql") + "/";
    assertEquals(1, r.code());
    assertEquals(List.of(
            yaml + "32: tables.bad_syntax.partiton_by: unknown key (did you mean 'partition_by'?); "
                + "expected one of sql, partition_by, csv, shards",
            yaml + "16: datasets.orders.steps[0].fill_nulls: expected double, got 'zero'",
            yaml + "18: datasets.orders.steps[1].deduplicate: Deduplicate: key column 'order_idd' is not a column; "
                + "columns: [order_id, customer, amount]",
            yaml + "20: datasets.orders.rules[0].range: range(customer): column customer is string, expected a number or date",
            sql + "by_customer.sql:4: column 10: Column 'customer' not found in any table",
            sql + "bad_syntax.sql:3: column 14: Encountered \"> <EOF>\"",
            yaml + "34: tables.unknown_dataset: " + sql + "unknown_dataset.sql reads no dataset of the project; "
                + "datasets are [orders, totals_input]",
            "7 mistakes found; nothing was run."),
        r.errLines());
    assertEquals("", r.out());
  }

  @Test
  void validateAcceptsTheDemo() {
    Result r = cli("validate", DemoProject.DIR.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(DemoProject.DIR.resolve("beamlake.yaml")
        + " is valid: 1 source(s), 1 dataset(s), 2 table(s), 5 expectation(s)", r.out().trim());
  }

  @Test
  void aMissingProjectIsOneLine() {
    Result r = cli("run", tmp.resolve("nowhere").toString());
    assertEquals(1, r.code());
    assertEquals(List.of(tmp.resolve("nowhere")
            + ": no such file; a project is a directory with a beamlake.yaml or the YAML file itself",
        "1 mistake found; nothing was run."), r.errLines());
  }

  @Test
  void everyCommandsHelpHasExamples() {
    for (String command : List.of("run", "validate", "test")) {
      Result r = cli(command, "--help");
      assertEquals(0, r.code(), command);
      assertTrue(r.out().contains("Examples:\n  beamlake " + command + " "), command + ":\n" + r.out());
    }
    Result top = cli("--help");
    assertTrue(top.out().contains("Examples:"), top.out());
  }

  @Test
  void runningTwiceWithTheSameRunIdLeavesTheSameOutputs() throws IOException {
    Path lake = tmp.resolve("lake");
    String[] run = {"run", DemoProject.DIR.toString(), "--runner", "direct", "--sample", "--lake", lake.toString(),
        "--run-id", "r1"};
    Result first = cli(run);
    assertEquals(0, first.code(), first.err());
    Map<String, String> afterFirst = contents(lake);
    Result second = cli(run);
    assertEquals(0, second.code(), second.err());
    Map<String, String> afterSecond = contents(lake);

    assertEquals(afterFirst.keySet(), afterSecond.keySet());
    for (String file : afterFirst.keySet()) {
      if (file.endsWith(".csv") || file.endsWith(".jsonl") || file.endsWith(".json") && file.startsWith("raw/") && !file.endsWith("_manifest.json")) {
        assertEquals(sortedLines(afterFirst.get(file)), sortedLines(afterSecond.get(file)), file); // order is not defined
      }
    }
    assertEquals(6, afterSecond.keySet().stream().filter(f -> f.startsWith("raw/") && f.endsWith(".json")
        && !f.endsWith("_manifest.json")).count());
    assertEquals(205, DemoProject.rows(lake.resolve("trusted/indicators") + "/").size());
    assertEquals(11, afterSecond.entrySet().stream().filter(e -> e.getKey().startsWith("quarantine/") && e.getKey().endsWith(".jsonl"))
        .mapToLong(e -> e.getValue().lines().count()).sum());
    assertEquals(19, afterSecond.get("refined/stats_country_indicator/_csv/stats_country_indicator.csv").lines().count());
    assertFalse(afterSecond.keySet().stream().anyMatch(f -> f.startsWith("_staging/")), afterSecond.keySet().toString());
  }

  @Test
  void aFailingRunPublishesNothingAndRecordsWhy() throws IOException {
    Path project = tmp.resolve("project");
    copyProject(DemoProject.DIR, project);
    Path lake = tmp.resolve("lake");
    Result good = cli("run", project.toString(), "--runner", "direct", "--sample", "--lake", lake.toString(),
        "--run-id", "r1");
    assertEquals(0, good.code(), good.err());
    Map<String, String> published = contents(lake);

    Path yaml = project.resolve("beamlake.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace(
        "      - not_null: {columns: [OBS_VALUE], action: warn}",
        "      - range: {column: OBS_VALUE, max: 50, action: fail}"));
    Result bad = cli("run", project.toString(), "--runner", "direct", "--sample", "--lake", lake.toString(),
        "--run-id", "r2", "--stage", "etl");
    assertEquals(1, bad.code());
    assertTrue(bad.err().startsWith("error: "), bad.err());
    assertTrue(bad.err().contains("range(OBS_VALUE)"), bad.err());

    Map<String, String> after = contents(lake);
    after.remove("_runs/r2.json");
    assertEquals(published, after);
    JsonNode manifest = new ObjectMapper().readTree(lake.resolve("_runs/r2.json").toFile());
    assertEquals("failed", manifest.get("stages").get("etl").get("status").asText(), manifest.toString());
    assertTrue(manifest.toString().contains("range(OBS_VALUE)"), manifest.toString());
  }

  static List<String> sortedLines(String text) {
    return text.lines().sorted().collect(Collectors.toList());
  }

  /** Every file under the lake with its bytes as text, by path relative to the lake. */
  static Map<String, String> contents(Path lake) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(lake)) {
      for (Path file : walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".crc"))
          .collect(Collectors.toList())) {
        files.put(lake.relativize(file).toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return files;
  }

  static void copyProject(Path from, Path to) throws IOException {
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(from)) {
      walk.filter(f -> !from.relativize(f).startsWith("data")).forEach(sources::add);
    }
    for (Path source : sources) {
      Path target = to.resolve(from.relativize(source).toString());
      if (Files.isDirectory(source)) {
        Files.createDirectories(target);
      } else {
        Files.copy(source, target);
      }
    }
  }
}
