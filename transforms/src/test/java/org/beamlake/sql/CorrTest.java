package org.beamlake.sql;

import static org.beamlake.sql.Obs.dec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CORR against hand-computed values: exact where r is exactly representable (1, -1, 0), and within
 * a relative 1e-12 of 15/sqrt(228) otherwise (the expected value itself is rounded twice).
 */
@ExtendWith(TestPipelineExtension.class)
class CorrTest {
  /**
   * a: pairs (1,2) (2,4) (3,7); (null,5) and (4,null) are ignored. n=3, Σx=6, Σy=13, Σx²=14,
   * Σy²=69, Σxy=31: n·Σxy−ΣxΣy = 15, n·Σx²−(Σx)² = 6, n·Σy²−(Σy)² = 38, r = 15/sqrt(228).
   * lin: y = 2x, r = 1. neg: y = 4.5 − x, r = -1. zero: (1,1) (2,3) (3,1), n·Σxy−ΣxΣy = 30−30 = 0.
   * one: a single pair; const: x constant; nulls: no complete pair: all NULL.
   */
  private static Obs observations() {
    return new Obs()
        .row("a", 2.0, 1).row("a", 4.0, 2).row("a", 7.0, 3).row("a", 5.0, null).row("a", null, 4)
        .row("lin", 2.0, 1, 1L, dec("2")).row("lin", 4.0, 2, 2L, dec("4")).row("lin", 6.0, 3, 3L, dec("6"))
        .row("neg", 3.5, 1).row("neg", 2.5, 2).row("neg", 1.5, 3)
        .row("zero", 1.0, 1).row("zero", 3.0, 2).row("zero", 1.0, 3)
        .row("one", 2.0, 1)
        .row("const", 1.0, 2).row("const", 2.0, 2).row("const", 3.0, 2)
        .row("nulls", 1.0, null).row("nulls", null, 2);
  }

  @Test
  void computesPearsonCorrelationOfCompletePairsPerGroup(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "SELECT g, CORR(i, d) AS r,\n  corr(l, m) AS r_exact_types\nFROM obs GROUP BY g"));
    PAssert.that(out).satisfies(rows -> {
      Map<String, Row> byGroup = new HashMap<>();
      rows.forEach(row -> byGroup.put(row.getString("g"), row));
      assertEquals(7, byGroup.size());
      double expected = 15 / Math.sqrt(228);
      double r = byGroup.get("a").getDouble("r");
      assertEquals(expected, r, 1e-12 * expected);
      assertEquals(1.0, byGroup.get("lin").getDouble("r"));
      assertEquals(1.0, byGroup.get("lin").getDouble("r_exact_types"));
      assertEquals(-1.0, byGroup.get("neg").getDouble("r"));
      assertEquals(0.0, byGroup.get("zero").getDouble("r"));
      for (String nullGroup : new String[] {"one", "const", "nulls"}) {
        assertNull(byGroup.get(nullGroup).getDouble("r"), nullGroup);
      }
      for (String group : new String[] {"a", "neg", "zero", "one", "const", "nulls"}) {
        assertNull(byGroup.get(group).getDouble("r_exact_types"), group);
      }
      return null;
    });
    p.run();
  }

  @Test
  void givesNullOverNoRowsWithoutGroupBy(TestPipeline p) {
    PCollection<Row> out = observations().in(p).apply(RunSql.query(
        "SELECT CORR(d, i) AS r FROM obs WHERE g = 'absent'"));
    PAssert.that(out).containsInAnyOrder(Row.withSchema(out.getSchema()).addValues((Object) null).build());
    p.run();
  }
}
