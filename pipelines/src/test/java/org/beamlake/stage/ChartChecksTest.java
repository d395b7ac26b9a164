package org.beamlake.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.beamlake.project.ProjectError;
import org.beamlake.project.ProjectLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts are checked against the columns their table's query returns, by {@code validate} and {@code run}. */
class ChartChecksTest {
  @TempDir Path dir;

  List<String> validate(String... charts) throws Exception {
    Files.createDirectories(dir.resolve("sql"));
    Files.writeString(dir.resolve("sql/t.sql"), "SELECT country, yr, AVG(v) AS avg_v, COUNT(*) AS n\n"
        + "FROM d GROUP BY country, yr");
    Files.writeString(dir.resolve("beamlake.yaml"), String.join("\n",
        "name: p",
        "sources:",
        "  s: {path: 'in/*.csv'}",
        "datasets:",
        "  d: {source: s, format: csv, columns: {country: string, yr: int, v: double}}",
        "tables:",
        "  t:",
        "    sql: sql/t.sql",
        "    charts:",
        String.join("\n", charts),
        ""));
    List<ProjectError> errors = ProjectValidator.validate(ProjectLoader.load(dir), PipelineOptionsFactory.create());
    return errors.stream().map(e -> e.toString().replace(dir + "/", "")).toList();
  }

  @Test
  void chartsOverTheQuerysColumnsAreValid() throws Exception {
    assertEquals(List.of(), validate(
        "      - {type: bar, x: country, y: avg_v}",
        "      - {type: line, x: yr, y: n, series: country, where: {country: [FRA, DEU], yr: 2020}}",
        "      - {type: scatter, x: yr, y: avg_v}"));
  }

  @Test
  void everyChartMistakeIsReportedAtItsKey() throws Exception {
    assertEquals(List.of(
            "beamlake.yaml:10: tables.t.charts[0].y: the query has no column 'avg'; its columns are [country, yr, avg_v, n]",
            "beamlake.yaml:11: tables.t.charts[1].y: column country is string; a bar chart needs a number here (int, long, "
                + "double or decimal)",
            "beamlake.yaml:12: tables.t.charts[2].x: column country is string; a scatter chart needs a number here (int, "
                + "long, double or decimal)",
            "beamlake.yaml:12: tables.t.charts[2].series: the query has no column 'region'; its columns are [country, yr, "
                + "avg_v, n]",
            "beamlake.yaml:13: tables.t.charts[3].where.yr: yr: expected int, got 'last'",
            "beamlake.yaml:13: tables.t.charts[3].where.v: no column 'v'; columns are [country, yr, avg_v, n]"),
        validate(
            "      - {type: line, x: yr, y: avg}",
            "      - {type: bar, x: yr, y: country}",
            "      - {type: scatter, x: country, y: n, series: region}",
            "      - {type: line, x: yr, y: n, where: {yr: last, v: 1}}"));
  }
}
