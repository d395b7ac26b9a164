package org.beamlake.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {
  @TempDir Path dir;

  private List<String> errors(String yaml) throws Exception {
    Files.writeString(dir.resolve("beamlake.yaml"), yaml);
    ProjectException e = assertThrows(ProjectException.class, () -> ProjectLoader.load(dir));
    String prefix = dir + "/";
    return e.errors().stream().map(x -> x.toString().replace(prefix, "")).collect(Collectors.toList());
  }

  @Test
  void loadsAValidProject() throws Exception {
    Files.createDirectories(dir.resolve("sql"));
    Files.writeString(dir.resolve("sql/t.sql"), "SELECT a FROM d");
    Files.writeString(dir.resolve("beamlake.yaml"), String.join("\n",
        "name: p",
        "sources:",
        "  s: {path: 'in/*.csv', sample: 'sample/*.csv'}",
        "datasets:",
        "  d:",
        "    source: s",
        "    format: {type: csv, delimiter: ';', charset: ISO-8859-1}",
        "    columns: {a: int, b: string}",
        "    steps:",
        "      - trim: all",
        "      - fill_nulls: {a: {value: 0}}",
        "      - deduplicate: {key: [a], keep_latest_by: b}",
        "    rules:",
        "      - not_null: [a]",
        "      - range: {column: a, min: 0, max: 10, action: warn}",
        "tables:",
        "  t: {sql: sql/t.sql, partition_by: a}",
        "expectations:",
        "  - {output: trusted/d, rows: 3}",
        ""));
    Project p = ProjectLoader.load(dir);
    assertEquals("p", p.name());
    assertEquals(dir.resolve("in/*.csv").toString(), p.sources().get("s").location());
    DatasetConfig d = p.datasets().get("d");
    assertEquals(';', d.format().delimiter());
    assertEquals("ISO-8859-1", d.format().charset().name());
    assertEquals(List.of("a", "b"), List.copyOf(d.columns().keySet()));
    assertEquals(ColumnType.INT, d.columns().get("a"));
    assertEquals(new StepConfig.Trim(List.of(), false, new Where(dir.resolve("beamlake.yaml").toString(), 10, "datasets.d.steps[0].trim")),
        d.steps().get(0));
    assertEquals(new StepConfig.Fill("a", 0L, false, List.of()), ((StepConfig.FillNulls) d.steps().get(1)).fills().get(0));
    assertEquals("warn", d.rules().get(1).action());
    assertEquals("a", p.tables().get("t").partitionBy());
    assertEquals("SELECT a FROM d", p.tables().get("t").sql());
    assertEquals(3, p.expectations().get(0).rows());
  }

  @Test
  void reportsEveryMistakeWithFileLineAndKey() throws Exception {
    List<String> errors = errors(String.join("\n",
        "name: p",
        "sources:",
        "  s: {path: 'in/*.json', tyep: files}",
        "datasets:",
        "  d:",
        "    source: z",
        "    format: xml",
        "    columns: {a: integer, __bl_x: string}",
        "    steps:",
        "      - fill_nulls: {a: {average: true}}",
        "      - dedupe: {key: [a]}",
        "      - join: {dataset: other, on: [a]}",
        "    rules:",
        "      - regex: {column: a, pattern: '[a-'}",
        "      - range: {column: a, action: explode}",
        "tables:",
        "  t: {sql: sql/missing.sql}",
        "expectations:",
        "  - {output: refined/nope, rows: 1}",
        ""));
    assertEquals(List.of(
        "beamlake.yaml:3: sources.s.tyep: unknown key (did you mean 'type'?); expected one of type, path, sample",
        "beamlake.yaml:6: datasets.d.source: unknown source 'z'; sources are [s]",
        "beamlake.yaml:7: datasets.d.format: expected one of csv, json, jsonl, got 'xml'",
        "beamlake.yaml:8: datasets.d.columns.a: unknown column type 'integer', expected one of: string, int, long, double, boolean, decimal, date, timestamp",
        "beamlake.yaml:8: datasets.d.columns.__bl_x: column names starting with '__bl_' are reserved",
        "beamlake.yaml:10: datasets.d.steps[0].fill_nulls.a.average: unknown key; expected one of value, mean, mean_by",
        "beamlake.yaml:11: datasets.d.steps[1].dedupe: unknown key; expected one of cast, rename, select, drop, trim, fill_nulls, drop_constant_columns, drop_null_columns, deduplicate, filter, join, derive, check",
        "beamlake.yaml:14: datasets.d.rules[0].regex.pattern: invalid regular expression: Illegal character range near index 3",
        "beamlake.yaml:15: datasets.d.rules[1].range.action: expected one of quarantine, warn, fail, got 'explode'",
        "beamlake.yaml:15: datasets.d.rules[1].range: expected 'min', 'max' or both",
        "beamlake.yaml:12: datasets.d.steps[2].join: unknown dataset 'other'; datasets are [d]",
        "beamlake.yaml:17: tables.t.sql: cannot read SQL file sql/missing.sql: NoSuchFileException",
        "beamlake.yaml:19: expectations[0].output: unknown output 'refined/nope'; expected trusted/<dataset> or quarantine/<dataset> with datasets [d], or refined/<table> with tables [t]"),
        errors);
  }

  static final String CHARTED = String.join("\n",
      "name: p",
      "sources:",
      "  s: {path: 'in/*.csv'}",
      "datasets:",
      "  d: {source: s, format: csv, columns: {a: int, b: string}}",
      "tables:",
      "  t:",
      "    sql: sql/t.sql",
      "    charts:",
      "");

  @Test
  void loadsChartsOfATable() throws Exception {
    Files.createDirectories(dir.resolve("sql"));
    Files.writeString(dir.resolve("sql/t.sql"), "SELECT a, b FROM d");
    Files.writeString(dir.resolve("beamlake.yaml"), CHARTED + String.join("\n",
        "      - {type: bar, x: b, y: a}",
        "      - type: Line",
        "        title: A over B",
        "        x: b",
        "        y: a",
        "        series: b",
        "        where: {b: [x, y], a: 1}",
        ""));
    List<ChartConfig> charts = ProjectLoader.load(dir).tables().get("t").charts();
    String file = dir.resolve("beamlake.yaml").toString();
    assertEquals(List.of(
            new ChartConfig(ChartConfig.Type.BAR, "b", "a", null, null, java.util.Map.of(),
                new Where(file, 10, "tables.t.charts[0]")),
            new ChartConfig(ChartConfig.Type.LINE, "b", "a", "b", "A over B",
                java.util.Map.of("b", List.of("x", "y"), "a", List.of("1")), new Where(file, 11, "tables.t.charts[1]"))),
        charts);
    assertEquals("a by b", charts.get(0).displayTitle());
    assertEquals("A over B", charts.get(1).displayTitle());
  }

  @Test
  void chartMistakesAreReportedAtTheirKeys() throws Exception {
    Files.createDirectories(dir.resolve("sql"));
    Files.writeString(dir.resolve("sql/t.sql"), "SELECT a, b FROM d");
    List<String> errors = errors(CHARTED + String.join("\n",
        "      - {type: pie, x: b, y: a}",
        "      - {type: bar, y: a, colour: red}",
        "      - {type: line, x: b, y: [a], where: [b]}",
        "      - {type: scatter, x: a, y: a, where: {b: []}}",
        "      - bar",
        ""));
    assertEquals(List.of(
            "beamlake.yaml:10: tables.t.charts[0].type: expected one of bar, line, scatter, got 'pie' (did you mean 'line'?)",
            "beamlake.yaml:11: tables.t.charts[1].colour: unknown key; expected one of type, x, y, series, title, where",
            "beamlake.yaml:11: tables.t.charts[1].x: missing; expected the column along the x axis",
            "beamlake.yaml:12: tables.t.charts[2].y: expected a value, got a list",
            "beamlake.yaml:12: tables.t.charts[2].where: expected a map, got a list",
            "beamlake.yaml:13: tables.t.charts[3].where.b: expected a value or a list of values",
            "beamlake.yaml:14: tables.t.charts[4]: expected a map, got 'bar'"),
        errors);
  }

  @Test
  void aFilesGlobOutsideTheCaptureAndAMisplacedColumnsAtAreReportedAtTheirKeys() throws Exception {
    List<String> errors = errors(String.join("\n",
        "name: p",
        "sources:",
        "  s: {path: data/*}",
        "datasets:",
        "  a: {source: s, files: ../other/*, format: csv, columns: {x: int}}",
        "  b: {source: s, files: /etc/*, format: csv, columns: {x: int}}",
        "  c: {source: s, format: {type: csv, columns_at: /daily}, columns: {x: int}}",
        "  d: {source: s, format: {type: json, records_at: /value, columns_at: /daily}, columns: {x: int}}",
        "  e: {source: s, format: {type: json, columns_at: daily}, columns: {x: int}}",
        ""));
    String pointer = "columns_at: expected a JSON pointer to an object of column arrays (e.g. /daily), for type json "
        + "without records_at; got ";
    assertEquals(List.of(
            "beamlake.yaml:5: datasets.a.files: expected a glob relative to the source's capture (e.g. rental/*), got '../other/*'",
            "beamlake.yaml:6: datasets.b.files: expected a glob relative to the source's capture (e.g. rental/*), got '/etc/*'",
            "beamlake.yaml:7: datasets.c.format." + pointer + "'/daily'",
            "beamlake.yaml:8: datasets.d.format." + pointer + "'/daily'",
            "beamlake.yaml:9: datasets.e.format." + pointer + "'daily'"),
        errors);
  }

  @Test
  void invalidYamlIsOneErrorWithItsLine() throws Exception {
    assertEquals(List.of("beamlake.yaml:3: not valid YAML: mapping values are not allowed here"),
        errors("name: p\nsources:\n  s: path: x\n"));
  }

  @Test
  void missingFileNamesWhatAProjectIs() {
    ProjectException e = assertThrows(ProjectException.class, () -> ProjectLoader.load(dir.resolve("nope")));
    assertEquals(dir.resolve("nope") + ": no such file; a project is a directory with a beamlake.yaml or the YAML file itself",
        e.getMessage());
  }

  static final String DATASETS = String.join("\n",
      "datasets:",
      "  d: {source: api, format: json, columns: {a: int}}",
      "");

  @Test
  void loadsHttpAndJdbcSources() throws Exception {
    Files.writeString(dir.resolve("beamlake.yaml"), String.join("\n",
        "name: p",
        "sources:",
        "  api:",
        "    type: http",
        "    url: ${env:API_URL}/data360/data",
        "    params: {DATABASE_ID: '{db}', INDICATOR: '{indicator}'}",
        "    headers: {Authorization: 'Bearer ${env:TOKEN}'}",
        "    for_each:",
        "      - {db: WB_WDI, indicator: LE}",
        "    paging: {type: offset, param: skip, size: 1000, records_at: /value, total_at: /count}",
        "    rate_limit: 5",
        "    concurrency: 8",
        "    timeout: 10s",
        "  db:",
        "    type: jdbc",
        "    url: jdbc:postgresql://127.0.0.1:5432/sakila",
        "    user: ${env:PGUSER}",
        "    password: ${env:PGPASSWORD}",
        "    tables:",
        "      - actor",
        "      - {table: public.rental, split_by: rental_id, partitions: 3, watermark: last_update}",
        "      - {query: 'SELECT 1 AS one', name: one}",
        DATASETS));
    Project p = ProjectLoader.load(dir);
    HttpSourceConfig http = p.sources().get("api").http();
    assertEquals(new HttpSourceConfig("${env:API_URL}/data360/data",
        java.util.Map.of("DATABASE_ID", "{db}", "INDICATOR", "{indicator}"),
        java.util.Map.of("Authorization", "Bearer ${env:TOKEN}"),
        List.of(java.util.Map.of("db", "WB_WDI", "indicator", "LE")),
        new HttpSourceConfig.Paging(HttpSourceConfig.PagingType.OFFSET, "skip", 1000, null, "/value", "/count", null, null),
        5, 5.0, 8, java.time.Duration.ofSeconds(10)), http);
    assertEquals(new JdbcSourceConfig("jdbc:postgresql://127.0.0.1:5432/sakila", "${env:PGUSER}", "${env:PGPASSWORD}",
        List.of(new JdbcSourceConfig.Table("actor", null, null, 1, null),
            new JdbcSourceConfig.Table("public.rental", null, "rental_id", 3, "last_update"),
            new JdbcSourceConfig.Table("one", "SELECT 1 AS one", null, 1, null))), p.sources().get("db").jdbc());
  }

  @Test
  void sourceMistakesAreReportedAtTheirKeys() throws Exception {
    assertEquals(List.of(
            "beamlake.yaml:8: sources.api.methd: unknown key; expected one of type, url, params, headers, for_each, "
                + "paging, retries, rate_limit, concurrency, timeout, sample",
            "beamlake.yaml:6: sources.api.paging: offset paging needs param (e.g. skip), size and total_at (e.g. /count)",
            "beamlake.yaml:7: sources.api.timeout: expected a duration such as 30s, 2m or 500ms, got 'soon'",
            "beamlake.yaml:12: sources.db.password: a password must not be written in the project; use an ${env:NAME} reference",
            "beamlake.yaml:14: sources.db.tables[0]: 'actor; DROP TABLE x' is not a plain identifier (letters, digits, _ "
                + "and $, optionally schema.name)",
            "beamlake.yaml:15: sources.db.tables[1]: expected either table: NAME or query: SQL with name: NAME"),
        errors(String.join("\n",
            "name: p",
            "sources:",
            "  api:",
            "    type: http",
            "    url: http://127.0.0.1/x",
            "    paging: {type: offset, param: skip}",
            "    timeout: soon",
            "    methd: GET",
            "  db:",
            "    type: jdbc",
            "    url: jdbc:postgresql://h/db",
            "    password: hunter2",
            "    tables:",
            "      - 'actor; DROP TABLE x'",
            "      - {split_by: id}",
            DATASETS)));
  }

  @Test
  void concurrencyMistakesAreReportedAtTheirKey() throws Exception {
    String[] wrong = {"0", "many", "2.5", "257"};
    String[] expected = {
        "beamlake.yaml:6: sources.api.concurrency: expected an integer >= 1, got 0",
        "beamlake.yaml:6: sources.api.concurrency: expected an integer, got 'many'",
        "beamlake.yaml:6: sources.api.concurrency: expected an integer, got '2.5'",
        "beamlake.yaml:6: sources.api.concurrency: expected at most 256 series at once, got 257"};
    for (int i = 0; i < wrong.length; i++) {
      assertEquals(List.of(expected[i]), errors(String.join("\n",
          "name: p",
          "sources:",
          "  api:",
          "    type: http",
          "    url: http://127.0.0.1/x",
          "    concurrency: " + wrong[i],
          DATASETS)), wrong[i]);
    }
  }

  @Test
  void withoutConcurrencyTheCaptureDerivesIt() throws Exception {
    Files.writeString(dir.resolve("beamlake.yaml"), String.join("\n",
        "name: p",
        "sources:",
        "  api:",
        "    type: http",
        "    url: http://127.0.0.1/x",
        "    rate_limit: 100",
        DATASETS));
    assertEquals(0, ProjectLoader.load(dir).sources().get("api").http().concurrency());
  }
}
