package org.beamlake.bench;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The engines the workload runs on. Each one reads {@code data/obs/*.csv} and {@code
 * data/countries.csv} and writes the two result tables as Snappy Parquet under {@link #results}.
 */
public enum Engine {
  BEAMLAKE_SPARK("beamlake-spark", "beamlake, Spark runner local[2]"),
  SPARK("spark", "native Spark (Java DataFrame API) local[2]"),
  DUCKDB("duckdb", "DuckDB, 2 threads"),
  BEAMLAKE_DIRECT("beamlake-direct", "beamlake, DirectRunner, enforcement off"),
  BEAMLAKE_DIRECT_CHECKED("beamlake-direct-checked", "beamlake, DirectRunner, enforcement on");

  /** The two result tables every engine writes. */
  public static final String STATS = "stats_country_indicator";
  public static final String SLOPES = "slope_indicator";

  private final String id;
  private final String description;

  Engine(String id, String description) {
    this.id = id;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public static Engine of(String id) {
    return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "unknown engine '" + id + "': expected one of " + Arrays.stream(values()).map(Engine::id).toList()));
  }

  /** Whether this is beamlake (its CLI on a lake), not another engine. */
  boolean beamlake() {
    return this == BEAMLAKE_SPARK || onDirectRunner();
  }

  /** beamlake on the DirectRunner: the slow reference, run once per size and with its own time limit. */
  boolean onDirectRunner() {
    return this == BEAMLAKE_DIRECT || this == BEAMLAKE_DIRECT_CHECKED;
  }

  /** Where this engine's copy of {@code table} ends up under its work directory. */
  public Path results(Path work, String table) {
    return beamlake() ? work.resolve("lake").resolve("refined").resolve(table) : work.resolve("out").resolve(table);
  }

  /**
   * What precedes the timed part: for beamlake, the project file and the capture of the files into
   * the raw zone (on the DirectRunner, so no Spark context is started before the clock runs).
   */
  void prepare(Path data, Path work) throws Exception {
    if (beamlake()) {
      BeamlakeWorkload.prepare(data, work);
    }
  }

  /** Runs the workload; returns when the results are written. */
  void run(Path data, Path work) throws Exception {
    switch (this) {
      case BEAMLAKE_SPARK -> BeamlakeWorkload.run(work, "spark");
      case BEAMLAKE_DIRECT -> BeamlakeWorkload.run(work, "direct");
      // The DirectRunner's immutability and encodability checks, which tests keep on and run turns off.
      case BEAMLAKE_DIRECT_CHECKED -> BeamlakeWorkload.run(work, "direct", "--", "--enforceImmutability=true",
          "--enforceEncodability=true");
      case SPARK -> NativeSparkWorkload.run(data, work);
      case DUCKDB -> DuckDbWorkload.run(data, work);
    }
  }
}
