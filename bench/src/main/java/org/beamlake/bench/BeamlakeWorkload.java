package org.beamlake.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.beamlake.cli.Main;

/**
 * The workload as a beamlake project, run by beamlake's own CLI: the capture of both files, then ETL
 * ({@code fill_nulls} by country and indicator, {@code drop_constant_columns}, {@code
 * drop_null_columns}, a broadcast {@code join}) and the two SQL tables, exactly as a user would run it.
 */
final class BeamlakeWorkload {
  static final String STATS_SQL = """
      SELECT country, country_name, region, `indicator`,
             AVG(`value`)    AS avg_val,
             MEDIAN(`value`) AS median_val,
             MIN(`value`)    AS min_val,
             MAX(`value`)    AS max_val,
             COUNT(`value`)  AS count_obs
      FROM observations
      WHERE `value` IS NOT NULL
      GROUP BY country, country_name, region, `indicator`
      """;
  /** Least-squares slope of value on year: cov(value, year) / var(year) over the pairs with a value. */
  static final String SLOPES_SQL = """
      SELECT `indicator`,
             COVAR_POP(`value`, CAST(`year` AS DOUBLE)) / VAR_POP(CAST(`year` AS DOUBLE)) AS slope,
             COUNT(`value`) AS count_obs
      FROM observations
      WHERE `value` IS NOT NULL
      GROUP BY `indicator`
      """;

  private BeamlakeWorkload() {}

  static void prepare(Path data, Path work) throws IOException {
    Path project = work.resolve("project");
    Files.createDirectories(project.resolve("sql"));
    Files.writeString(project.resolve("sql").resolve(Engine.STATS + ".sql"), STATS_SQL, StandardCharsets.UTF_8);
    Files.writeString(project.resolve("sql").resolve(Engine.SLOPES + ".sql"), SLOPES_SQL, StandardCharsets.UTF_8);
    Files.writeString(project.resolve("beamlake.yaml"), projectYaml(data), StandardCharsets.UTF_8);
    cli("run", project.toString(), "--lake", work.resolve("lake").toString(), "--stage", "capture", "--runner", "direct",
        "--quiet");
  }

  /** The ETL and analytics stages on {@code runner}; {@code beamArgs} (from {@code --} on) end each command. */
  static void run(Path work, String runner, String... beamArgs) {
    for (String stage : new String[] {"etl", "analytics"}) {
      List<String> args = new ArrayList<>(List.of("run", work.resolve("project").toString(), "--lake",
          work.resolve("lake").toString(), "--stage", stage, "--runner", runner, "--quiet"));
      if (runner.equals("spark")) {
        args.addAll(List.of("--spark-master", "local[2]"));
      }
      args.addAll(List.of(beamArgs));
      cli(args.toArray(String[]::new));
    }
  }

  private static void cli(String... args) {
    int code = Main.execute(args);
    if (code != 0) {
      throw new IllegalStateException("beamlake " + String.join(" ", args) + " exited with " + code);
    }
  }

  static String projectYaml(Path data) {
    return """
        # Written by the benchmark: the workload of BENCHMARKS.md as a beamlake project.
        name: bench
        sources:
          obs_files: {type: files, path: "%s"}
          country_files: {type: files, path: "%s"}
        datasets:
          countries:
            source: country_files
            format: csv
            columns: {country: string, country_name: string, region: string}
          observations:
            source: obs_files
            format: csv
            columns: {country: string, indicator: string, year: int, value: double, source: string, note: string}
            steps:
              - fill_nulls:
                  value: {mean_by: [country, indicator]}
              - drop_constant_columns: true
              - drop_null_columns: true
              - join: {dataset: countries, on: [country], type: inner}
        tables:
          %s:
            sql: sql/%s.sql
          %s:
            sql: sql/%s.sql
        """.formatted(data.toAbsolutePath().resolve("obs").resolve("*.csv"), data.toAbsolutePath().resolve("countries.csv"),
        Engine.STATS, Engine.STATS, Engine.SLOPES, Engine.SLOPES);
  }
}
