package org.beamlake.lake;

import static org.beamlake.lake.LakeTables.writeAndCommit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.extensions.sql.impl.BeamSqlEnv;
import org.apache.beam.sdk.extensions.sql.meta.provider.ReadOnlyTableProvider;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.beamlake.schema.ColumnType;
import org.beamlake.sql.RunSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A committed table read by Beam SQL through {@link SqlTable}: the query's columns and its {@code
 * IS NOT NULL} conditions made in the read, the same rows as the table given as a collection.
 */
@ExtendWith(TestPipelineExtension.class)
class SqlTableTest {
  static final Schema OBS = Schema.builder()
      .addField("country", ColumnType.STRING.fieldType())
      .addField("indicator", ColumnType.STRING.fieldType())
      .addField("year", ColumnType.INT.fieldType())
      .addField("value", ColumnType.DOUBLE.fieldType())
      .addField("region", ColumnType.STRING.fieldType())
      .build();

  /** 4 countries × 3 indicators × 5 years; a null value now and then, no region for one country. */
  static List<Row> observations() {
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i < 3; i++) {
        for (int y = 0; y < 5; y++) {
          rows.add(Row.withSchema(OBS)
              .addValues("C" + c, "I" + i, 2000 + y, value(c, i, y), c == 3 ? null : "R" + c % 2).build());
        }
      }
    }
    return rows;
  }

  static Double value(int c, int i, int y) {
    return (c + i + y) % 4 == 0 ? null : c * 100.0 + i * 10 + y + 0.25;
  }

  static ReadTable committed(Path tmp) {
    Lake lake = Lake.at(tmp.toString());
    writeAndCommit(lake, "r1", "obs", OBS, observations(),
        WriteParquet.to(LakeTables.staging(lake, "r1", "obs")).withShards(2), null);
    return ReadTable.from(lake.refined("obs"));
  }

  /** The query's rows, as text, both ways: the table given as a collection, and read by the query. */
  static void assertBothWays(TestPipeline p, ReadTable read, String sql, List<String> expected) {
    PCollection<Row> asCollection = PCollectionTuple.of(new TupleTag<>("obs"), p.apply("ReadAll", read))
        .apply("AsCollection", RunSql.query(sql));
    PCollection<Row> asTable = PCollectionTuple.empty(p)
        .apply("AsTable", RunSql.query(sql).withTables(Map.of("obs", read.asSqlTable("obs/Read"))));
    assertEquals(asCollection.getSchema().getFieldNames(), asTable.getSchema().getFieldNames());
    PAssert.that(asCollection.apply("CollectionText", MapElements.into(TypeDescriptors.strings())
        .via(row -> row.getValues().toString()))).containsInAnyOrder(expected);
    PAssert.that(asTable.apply("TableText", MapElements.into(TypeDescriptors.strings())
        .via(row -> row.getValues().toString()))).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void groupsWhatTheReadKeptAsTheQueryWould(@TempDir Path tmp, TestPipeline p) {
    String sql = "SELECT country, region, `indicator`, AVG(`value`) AS avg_val, MEDIAN(`value`) AS median_val,\n"
        + "  COUNT(`value`) AS n, COUNT(*) AS all_rows\n"
        + "FROM obs WHERE `value` IS NOT NULL GROUP BY country, region, `indicator`";
    List<String> expected = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i < 3; i++) {
        List<Double> values = new ArrayList<>();
        for (int y = 0; y < 5; y++) {
          if (value(c, i, y) != null) {
            values.add(value(c, i, y));
          }
        }
        double sum = values.stream().mapToDouble(Double::doubleValue).sum();
        int n = values.size();
        double median = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        expected.add(List.of("C" + c, c == 3 ? "null" : "R" + c % 2, "I" + i, sum / n, median, (long) n, (long) n)
            .toString());
      }
    }

    assertBothWays(p, committed(tmp), sql, expected);
  }

  @Test
  void keepsInTheQueryTheConditionsTheReadCannotMake(@TempDir Path tmp, TestPipeline p) {
    String sql = "SELECT `indicator`, SUM(`value`) AS s, COUNT(*) AS n\n"
        + "FROM obs WHERE `value` IS NOT NULL AND `year` > 2001 GROUP BY `indicator`";
    Map<String, double[]> sums = new TreeMap<>();
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i < 3; i++) {
        for (int y = 2; y < 5; y++) {
          if (value(c, i, y) != null) {
            double[] s = sums.computeIfAbsent("I" + i, k -> new double[2]);
            s[0] += value(c, i, y);
            s[1]++;
          }
        }
      }
    }
    List<String> expected = new ArrayList<>();
    sums.forEach((indicator, s) -> expected.add(List.of(indicator, s[0], (long) s[1]).toString()));

    assertBothWays(p, committed(tmp), sql, expected);
  }

  @Test
  void readsAColumnOnlyToLeaveOutItsNullsAndKeepsTheQuerysNames(@TempDir Path tmp, TestPipeline p) {
    String sql = "SELECT country AS c, `value` AS v FROM obs WHERE region IS NOT NULL AND `value` IS NOT NULL";
    List<String> expected = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 3; i++) {
        for (int y = 0; y < 5; y++) {
          if (value(c, i, y) != null) {
            expected.add(List.of("C" + c, value(c, i, y)).toString());
          }
        }
      }
    }

    assertBothWays(p, committed(tmp), sql, expected);
  }

  @Test
  void planHasNoCalcWhenTheReadDoesItsWork(@TempDir Path tmp) throws Exception {
    SqlTable table = committed(tmp).asSqlTable("obs/Read");
    BeamSqlEnv env = BeamSqlEnv.inMemory(new ReadOnlyTableProvider("lake", Map.of("obs", table)));

    String grouped = env.explain("SELECT country, region, `indicator`, MIN(`value`) AS m, COUNT(`value`) AS n\n"
        + "FROM obs WHERE `value` IS NOT NULL GROUP BY country, region, `indicator`");
    String cast = env.explain("SELECT `indicator`, SUM(CAST(`year` AS DOUBLE)) AS s FROM obs\n"
        + "WHERE `value` IS NOT NULL GROUP BY `indicator`");

    assertFalse(grouped.contains("BeamCalcRel"), grouped);
    assertTrue(grouped.contains("BeamPushDownIOSourceRel(table=[[beam, obs]], usedFields=[[country, region, indicator,"
        + " value]], NotNull=[IS NOT NULL [value]])"), grouped);
    // A computed column keeps its Calc; the condition is made in the read all the same.
    assertTrue(cast.contains("BeamCalcRel") && !cast.contains("IS NOT NULL($"), cast);
    assertTrue(cast.contains("usedFields=[[indicator, year]], NotNull=[IS NOT NULL [value]]"), cast);
  }

  @Test
  void refusesColumnsTheTableDoesNotHaveAndTablesBesideCollections(@TempDir Path tmp, TestPipeline p) {
    ReadTable read = committed(tmp);
    String table = tmp + "/refined/obs/";

    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> read.selecting(List.of("country", "country")));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> read.withoutNullsIn(List.of("note")));
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> PCollectionTuple.of(new TupleTag<>("other"), p.apply(read))
            .apply(RunSql.query("SELECT * FROM obs").withTables(Map.of("obs", read.asSqlTable("obs/Read")))));
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> RunSql.query("SELECT 1").withTables(Map.of()));

    assertEquals("a column named twice in [country, country]", twice.getMessage());
    assertEquals("the table at " + table + " has no column 'note'; its columns are " + OBS.getFieldNames(),
        unknown.getMessage());
    assertEquals("a query given its tables takes no collections as tables, got [other]", both.getMessage());
    assertEquals("tables must name at least one table, got {}", none.getMessage());
    p.enableAbandonedNodeEnforcement(false);
  }
}
