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
import org.beamlake.lake.Lake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it: exit codes, messages, and what a run leaves in the lake. */
class CliTest {
  static final Path BROKEN = Path.of("src", "test", "resources", "broken-project").toAbsolutePath();
  static final Path INFERRED = Path.of("src", "test", "resources", "inferred-project").toAbsolutePath();

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
                + "expected one of sql, partition_by, csv, shards, charts",
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
        + " is valid: 1 source(s), 1 dataset(s), 5 table(s), 2 model(s), 5 expectation(s)", r.out().trim());
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
    for (String command : List.of("run", "validate", "test", "infer", "serve", "check-target")) {
      Result r = cli(command, "--help");
      assertEquals(0, r.code(), command);
      assertTrue(r.out().contains("Examples:\n  beamlake " + command + " "), command + ":\n" + r.out());
    }
    Result top = cli("--help");
    assertTrue(top.out().contains("Examples:"), top.out());
  }

  @Test
  void serveRefusesAnotherInterfaceWithoutATokenAndNeverEchoesALiteralToken() {
    Result open = cli("serve", tmp.toString(), "--host", "0.0.0.0", "--port", "0");
    assertEquals(1, open.code());
    assertEquals("error: serving 0.0.0.0 makes the lake readable from other machines: give a bearer token as "
        + "--token '${env:NAME}' (clients send 'Authorization: Bearer <token>'), or serve 127.0.0.1", open.errLines().get(0));
    Result literal = cli("serve", tmp.toString(), "--host", "0.0.0.0", "--token", "s3cr3t-value");
    assertEquals(1, literal.code());
    assertEquals("error: the token must be given as an ${env:NAME} reference (e.g. --token '${env:BEAMLAKE_TOKEN}'), "
        + "not as its value, so it never shows in shell history, the process list or logs", literal.errLines().get(0));
    assertFalse(literal.out().contains("s3cr3t") || literal.err().contains("s3cr3t"));
    Result unset = cli("serve", tmp.toString(), "--port", "0", "--token", "${env:BEAMLAKE_CLI_TEST_UNSET}");
    assertEquals(1, unset.code());
    assertEquals("error: environment variable BEAMLAKE_CLI_TEST_UNSET is not set (referenced as "
        + "${env:BEAMLAKE_CLI_TEST_UNSET})", unset.errLines().get(0));
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
        "--run-id", "r1", "--quiet");
    assertEquals(0, good.code(), good.err());
    assertEquals(lake.resolve("_runs/r1.html") + "\n", good.out()); // --quiet: only where the report is
    String goodLog = Files.readString(lake.resolve("_runs/r1/all.log"));
    assertTrue(goodLog.startsWith("beamlake: project world-indicators, run r1, direct runner, lake " + lake + "/\n"
        + "▶ capture\n"), goodLog);
    assertTrue(goodLog.contains("\n  analytics done in "), goodLog);
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
    after.remove("_runs/r2.html");
    List<String> failedLog = new String(after.remove("_runs/r2/etl.log").getBytes(StandardCharsets.ISO_8859_1),
        StandardCharsets.UTF_8).lines().toList();
    assertEquals(List.of("beamlake: project world-indicators, run r2, direct runner, lake " + lake + "/", "▶ etl"),
        failedLog.subList(0, 2));
    assertTrue(failedLog.stream().anyMatch(l -> l.startsWith("error: ") && l.contains("range(OBS_VALUE)")),
        failedLog.toString());
    assertEquals(published, after);
    JsonNode manifest = new ObjectMapper().readTree(lake.resolve("_runs/r2.json").toFile());
    assertEquals("failed", manifest.get("stages").get("etl").get("status").asText(), manifest.toString());
    assertTrue(manifest.toString().contains("range(OBS_VALUE)"), manifest.toString());
  }

  @Test
  void inferPrintsColumnsToPinWithNotesAndDifferences() throws IOException {
    Result r = cli("infer", INFERRED.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(String.join("\n",
            "# datasets.orders: 5 columns from 4 records of " + INFERRED.resolve("data/*.csv"),
            "columns:",
            "  order_id:   int",
            "  customer:   string",
            "  amount:     double",
            "  ordered_on: date",
            "  note:       string",
            "", ""),
        r.out());

    Path project = tmp.resolve("project");
    copyProject(INFERRED, project);
    Files.writeString(project.resolve("data/orders.csv"), "order_id,customer,amount\n1,ann,1.5\n2,bob,n/a\n"
        + "3,cy,2\n4,di,3\n5,ed,4\n6,fa,5\n7,gu,6\n8,ha,7\n9,io,8\n10,jo,9\n");
    Path yaml = project.resolve("beamlake.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("    format: csv\n",
        "    format: csv\n    columns: {order_id: long, customer: string, amount: double}\n"));
    Result pinned = cli("infer", project.toString(), "--dataset", "orders");
    assertEquals(0, pinned.code(), pinned.err());
    assertEquals(List.of(
            "# datasets.orders: 3 columns from 10 records of " + project.resolve("data/*.csv"),
            "columns:",
            "  order_id: int",
            "  customer: string",
            "  amount:   string     # 9 of 10 values are numbers; not 'n/a'",
            "# differs from the declared columns: order_id declared long, seen int; amount declared double, seen string",
            ""),
        pinned.out().lines().toList());

    Result unknown = cli("infer", project.toString(), "--dataset", "nope");
    assertEquals(1, unknown.code());
    assertEquals(yaml + ": datasets: no dataset 'nope'; the project has orders", unknown.errLines().get(0));
  }

  @Test
  void aProjectWithoutColumnsValidatesAndRunsOnInferredColumns() throws IOException {
    Result valid = cli("validate", INFERRED.toString());
    assertEquals(0, valid.code(), valid.err());

    Path lake = tmp.resolve("lake");
    Result run = cli("run", INFERRED.toString(), "--runner", "direct", "--lake", lake.toString(), "--run-id", "r1");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("  inferred 5 columns of orders from 4 records; pin them in the project"), run.out());
    assertEquals("customer,total,orders,first_order\nann,15.0,2,2024-01-02\nbob,3.0,1,2024-01-03\n",
        contents(lake).get("refined/by_customer/_csv/by_customer.csv").lines().sorted((a, b) ->
            a.startsWith("customer") ? -1 : b.startsWith("customer") ? 1 : a.compareTo(b))
            .collect(Collectors.joining("\n", "", "\n")));
    assertEquals(List.of("{\"step\":\"rules\",\"rule\":\"not_null(customer)\",\"reason\":\"customer is null\","
            + "\"source\":\"" + lake.resolve("raw/orders_csv") + "/ingest_date=DATE/run_id=r1/orders.csv:5\","
            + "\"payload\":\"{\\\"order_id\\\":4,\\\"customer\\\":null,\\\"amount\\\":1.0,"
            + "\\\"ordered_on\\\":\\\"2024-01-06\\\",\\\"note\\\":null}\"}"),
        contents(lake).entrySet().stream().filter(e -> e.getKey().startsWith("quarantine/orders/run_id=r1/") && e.getKey().endsWith(".jsonl"))
            .flatMap(e -> e.getValue().lines()).map(l -> l.replaceAll("ingest_date=[0-9-]+", "ingest_date=DATE")).toList());
  }

  @Test
  void aProjectAtAUriRunsLikeTheSameProjectOnDisk() throws IOException {
    String uri = "file://" + INFERRED;
    Path lake = tmp.resolve("lake");
    Result run = cli("run", uri, "--runner", "direct", "--lake", lake.toString(), "--run-id", "r1");
    assertEquals(0, run.code(), run.err());
    Map<String, String> files = contents(lake);
    assertEquals(List.of("ann,15.0,2,2024-01-02", "bob,3.0,1,2024-01-03", "customer,total,orders,first_order"),
        sortedLines(files.get("refined/by_customer/_csv/by_customer.csv")));
    JsonNode capture = new ObjectMapper().readTree(files.get("_runs/r1.json")).path("stages").path("capture");
    assertEquals("[\"" + uri + "/data/*.csv\"]", capture.path("inputs").toString());

    Result missing = cli("validate", uri + "/nowhere");
    assertEquals(List.of(uri + "/nowhere/beamlake.yaml: no such file; a project is a directory with a beamlake.yaml "
        + "or the YAML file itself", "1 mistake found; nothing was run."), missing.errLines());
  }

  @Test
  void sqlOverAnInferredColumnThatIsNotThereIsAValidateError() throws IOException {
    Path project = tmp.resolve("project");
    copyProject(INFERRED, project);
    Files.writeString(project.resolve("sql/by_customer.sql"), "SELECT customer, SUM(price) AS total\nFROM orders\nGROUP BY customer\n");
    Result r = cli("validate", project.toString());
    assertEquals(1, r.code());
    assertEquals(List.of(project.resolve("sql/by_customer.sql") + ":1: column 22: Column 'price' not found in any table",
        "1 mistake found; nothing was run."), r.errLines());

    // run checks the same before touching any data (SQL over inferred columns included)
    Result run = cli("run", project.toString(), "--runner", "direct", "--lake", tmp.resolve("lake").toString());
    assertEquals(1, run.code());
    assertEquals(r.errLines(), run.errLines());
    assertFalse(Files.exists(tmp.resolve("lake")));

    Files.delete(project.resolve("data/orders.csv"));
    Result noData = cli("validate", project.toString());
    assertEquals(1, noData.code());
    assertEquals(List.of(project.resolve("beamlake.yaml") + ":8: datasets.orders: declares no columns, and its source "
            + "'orders_csv' has no records to infer them from (" + project.resolve("data/*.csv") + ")",
        "1 mistake found; nothing was run."), noData.errLines());
  }

  static List<String> sortedLines(String text) {
    return text.lines().sorted().collect(Collectors.toList());
  }

  /** Every file under the lake with its bytes as text, by path relative to the lake. */
  @Test
  void oneProfilingPassDecidesARunOfColumnDropsAndTheRunContinuesFromItsCheckpoint() throws IOException {
    Path project = tmp.resolve("drops");
    Files.createDirectories(project.resolve("data"));
    // c is 5 or null: constant only once its nulls are filled; n is all null; x is dropped by name.
    // Row 4 is a parse reject and row 5 is filtered out before the profile: the ETL pipeline, which
    // continues from the profiling pass's checkpoint, must still quarantine the one and count the other.
    Files.writeString(project.resolve("data/obs.csv"),
        "id,v,c,n,x,same\n1,1.5,5,,a,k\n2,,,,b,k\n3,4.5,5,,c,k\n4,oops,5,,d,k\n5,9.5,5,,e,k\n");
    Files.writeString(project.resolve("beamlake.yaml"), """
        name: drops
        sources:
          obs_files: {type: files, path: data/obs.csv}
        datasets:
          obs:
            source: obs_files
            format: csv
            columns: {id: int, v: double, c: double, n: double, x: string, same: string}
            steps:
              - filter: "id <> 5"
              - fill_nulls: {v: {mean: true}, c: {mean: true}}
              - drop_constant_columns: {keep: [n]}
              - drop: [x]
              - drop_null_columns: true
        """);
    Path lake = tmp.resolve("lake");
    Result run = cli("run", project.toString(), "--runner", "direct", "--lake", lake.toString(), "--run-id", "r1");
    assertEquals(0, run.code(), run.err());
    assertEquals(List.of("  profiling [obs#2, obs#4] (columns that depend on the data)"),
        run.out().lines().filter(l -> l.contains("profiling")).toList());
    JsonNode counts = new ObjectMapper().readTree(contents(lake).get("_runs/r1.json")).path("stages").path("etl")
        .path("counts");
    assertEquals(List.of(4L, 1L, 4L, 3L, 1L, 3L), Stream.of("obs/parsed", "obs/parse_rejected", "obs/1-filter/in",
        "obs/1-filter/out", "obs/quarantined", "obs/written").map(k -> counts.path(k).asLong(-1)).toList(),
        counts.toString());
    List<String> quarantined = contents(lake).entrySet().stream()
        .filter(e -> e.getKey().startsWith("quarantine/obs/run_id=r1/") && e.getKey().endsWith(".jsonl"))
        .flatMap(e -> e.getValue().lines()).toList();
    assertEquals(1, quarantined.size(), quarantined.toString());
    assertTrue(quarantined.get(0).contains("obs.csv:5"), quarantined.get(0));
    assertEquals(List.of("id", "v"), DemoProject.columns(Lake.at(lake.toString()).trusted("obs")).stream()
        .filter(c -> !c.startsWith("_")).toList());
    assertEquals(List.of(List.of(1, 1.5), List.of(2, 3.0), List.of(3, 4.5)),
        DemoProject.rows(Lake.at(lake.toString()).trusted("obs")).stream().map(r -> r.subList(0, 2)).toList());
  }

  /**
   * Runs a project of one dataset, obs.csv (id 1 and 2, every other column constant), filtered by
   * {@code filter} and then dropping its constant columns, into the lake {@code name}-lake.
   */
  private Result runFilterThenDropConstants(String name, String filter) throws IOException {
    Path project = tmp.resolve(name);
    Files.createDirectories(project.resolve("data"));
    Files.writeString(project.resolve("data/obs.csv"), "id,v,same\n1,1.5,k\n2,2.5,k\n");
    Files.writeString(project.resolve("beamlake.yaml"), """
        name: drops
        sources:
          obs_files: {type: files, path: data/obs.csv}
        datasets:
          obs:
            source: obs_files
            format: csv
            columns: {id: int, v: double, same: string}
            steps:
              - filter: "%s"
              - drop_constant_columns: true
        """.formatted(filter));
    return cli("run", project.toString(), "--runner", "direct", "--lake", tmp.resolve(name + "-lake").toString(),
        "--run-id", "r1");
  }

  @Test
  void aDatasetWithNoRowsAtADataDependentStepDropsNothingAndCommitsNoRows() throws IOException {
    // Every record is filtered out before the profile: nothing to decide from, so nothing is dropped.
    Result run = runFilterThenDropConstants("empty-drops", "id > 2");
    assertEquals(0, run.code(), run.err());
    Path lake = tmp.resolve("empty-drops-lake");
    JsonNode counts = new ObjectMapper().readTree(contents(lake).get("_runs/r1.json")).path("stages").path("etl")
        .path("counts");
    assertEquals(List.of(2L, 0L, 2L, 0L, 0L, 0L, 2L), Stream.of("obs/parsed", "obs/parse_rejected", "obs/1-filter/in",
        "obs/1-filter/out", "obs/quarantined", "obs/written", "obs/dropped").map(k -> counts.path(k).asLong(-1)).toList(),
        counts.toString());
    assertEquals(List.of("id", "v", "same"), DemoProject.columns(Lake.at(lake.toString()).trusted("obs")).stream()
        .filter(c -> !c.startsWith("_")).toList());
    assertEquals(List.of(), DemoProject.rows(Lake.at(lake.toString()).trusted("obs")));
  }

  @Test
  void aDataDependentDropThatWouldLeaveNoColumnStopsTheRunAtItsLineAndPublishesNothing() throws IOException {
    // One row after the filter: every column is constant.
    Result run = runFilterThenDropConstants("all-drops", "id > 1");
    assertEquals(1, run.code(), run.out());
    assertTrue(run.err().contains(tmp.resolve("all-drops/beamlake.yaml") + ":11: datasets.obs.steps[1]."
        + "drop_constant_columns: every column left here is constant in this run's data [id, v, same], so none would "
        + "be kept; name the ones to keep with keep: [...]"), run.err());
    assertFalse(Files.exists(tmp.resolve("all-drops-lake/trusted/obs")), "nothing is published");
  }

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
      // the demo's generated data is not copied: its sample is what the tests run on
      walk.filter(f -> !(from.equals(DemoProject.DIR) && from.relativize(f).startsWith("data"))).forEach(sources::add);
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
