package org.beamlake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's correctness at a small size, in this JVM: DuckDB's results are the ones computed
 * when the workload was written, and beamlake on Spark and native Spark agree with them row by row.
 * (The DirectRunner is left out here: at 2,000 groups it takes minutes.)
 */
class EnginesAgreeTest {
  /** 50 countries × 40 indicators × 10 years. */
  static final DataShape SMALL = new DataShape(20_000, 50, 40, 20260101L);

  @TempDir Path dir;

  @Test
  void generatorOutputIsTheCommittedOne() {
    assertEquals("1e5a336b43dfcec8f3f0689bea5222907d9f2869b1c41d8abc118f451f9816eb",
        WorldIndicatorsGenerator.generate(SMALL, dir.resolve("data")));
  }

  @Test
  void beamlakeAndNativeSparkAgreeWithDuckDb() throws Exception {
    Path data = dir.resolve("data");
    WorldIndicatorsGenerator.generate(SMALL, data);
    Path reference = run(Engine.DUCKDB, data);
    assertEquals("stats_country_indicator: 2000 61275.49 61273.71 50704.35 71928.67 20000 50 7 "
        + "| slope_indicator: 40 -1.4851 20000", ResultDigest.of(Engine.DUCKDB, reference).text());
    for (Engine engine : new Engine[] {Engine.BEAMLAKE_SPARK, Engine.SPARK}) {
      Path work = run(engine, data);
      assertEquals(0, ResultDigest.differences(Engine.DUCKDB, reference, engine, work),
          () -> engine.id() + "; largest slope gap: " + ResultDigest.largestSlopeGap(Engine.DUCKDB, reference, engine, work));
    }
  }

  private Path run(Engine engine, Path data) throws Exception {
    Path work = dir.resolve(engine.id());
    engine.prepare(data, work);
    engine.run(data, work);
    return work;
  }
}
