package org.beamlake.clean;

import static org.beamlake.clean.TestRows.row;
import static org.beamlake.clean.TestRows.rows;
import static org.beamlake.clean.TestRows.schema;
import static org.beamlake.schema.ColumnType.DOUBLE;
import static org.beamlake.schema.ColumnType.INT;
import static org.beamlake.schema.ColumnType.STRING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class GroupRowsInBlocksTest {
  static final Schema IN = schema("country", STRING, "year", INT, "value", DOUBLE);

  /** 3,000 rows over 7 countries × 11 years, nulls in both key columns, some rows twice. */
  static List<Row> manyRows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String country = i % 13 == 0 ? null : "C" + (i % 7);
      Integer year = i % 17 == 0 ? null : 2000 + i % 11;
      Double value = i % 5 == 0 ? null : i / 4.0;
      rows.add(row(IN, country, year, value, "f.csv:" + (i % 2900)));
    }
    return rows;
  }

  /** Each group as "key: sorted rows", the way a plain grouping by the key columns would make it. */
  static List<String> expectedGroups(List<Row> rows) {
    Map<String, List<String>> groups = new TreeMap<>();
    for (Row row : rows) {
      String key = row.getValue("country") + "," + row.getValue("year");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row.toString());
    }
    return groups.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue().stream().sorted().collect(Collectors.joining(" | ")))
        .collect(Collectors.toList());
  }

  static PCollection<String> described(PCollection<KV<Row, Iterable<Row>>> groups) {
    return groups.apply(
        MapElements.into(TypeDescriptors.strings())
            .via(g -> g.getKey().getValue("country") + "," + g.getKey().getValue("year") + ": "
                + StreamSupport.stream(g.getValue().spliterator(), false)
                    .map(Objects::toString)
                    .sorted()
                    .collect(Collectors.joining(" | "))));
  }

  @Test
  void groupsEveryRowOnceByItsKeyAcrossManyBlocks(TestPipeline p) {
    List<Row> input = manyRows();
    // 100-byte blocks: each bucket's rows arrive in several blocks.
    PCollection<KV<Row, Iterable<Row>>> groups =
        rows(p, IN, input.toArray(new Row[0]))
            .apply(GroupRowsInBlocks.by(List.of("country", "year")).withBuffers(100, Long.MAX_VALUE));

    PAssert.that(described(groups)).containsInAnyOrder(expectedGroups(input));
    p.run();
  }

  @Test
  void groupsEveryRowOnceWhenABundleSendsAllItsBuffersAtOnce(TestPipeline p) {
    List<Row> input = manyRows();
    // No block fills up; every 500 bytes a bundle sends all it holds.
    PCollection<KV<Row, Iterable<Row>>> groups =
        rows(p, IN, input.toArray(new Row[0]))
            .apply(GroupRowsInBlocks.by(List.of("country", "year")).withBuffers(1 << 20, 500));

    PAssert.that(described(groups)).containsInAnyOrder(expectedGroups(input));
    p.run();
  }

  @Test
  void groupsAsAPlainGroupingOutsideTheGlobalWindow(TestPipeline p) {
    List<Row> input = manyRows().subList(0, 300);
    PCollection<KV<Row, Iterable<Row>>> groups =
        rows(p, IN, input.toArray(new Row[0]))
            .apply(Window.into(FixedWindows.of(Duration.standardHours(1))))
            .apply(GroupRowsInBlocks.by(List.of("country", "year")));

    PAssert.that(described(groups)).containsInAnyOrder(expectedGroups(input));
    p.run();
  }

  @Test
  void keyRowsHaveTheKeyColumnsInTheOrderGiven(TestPipeline p) {
    PCollection<KV<Row, Iterable<Row>>> groups =
        rows(p, IN, row(IN, "FR", 2020, 1.0, "a.csv:2"), row(IN, "FR", 2020, 2.0, "a.csv:3"))
            .apply(GroupRowsInBlocks.by(List.of("year", "country")));

    PAssert.that(groups.apply(MapElements.into(TypeDescriptors.strings()).via(g -> g.getKey().toString())))
        .containsInAnyOrder(keyRow(2020, "FR").toString());
    p.run();
  }

  static Row keyRow(int year, String country) {
    Schema keySchema = Schema.builder().addField(IN.getField("year")).addField(IN.getField("country")).build();
    return Row.withSchema(keySchema).addValues(year, country).build();
  }

  @Test
  void groupsKeysThatHashByIdentityByTheirContents(TestPipeline p) {
    Schema bytes = Schema.builder().addNullableField("k", Schema.FieldType.BYTES).addField("v", Schema.FieldType.INT32)
        .addNullableField("when", Schema.FieldType.DATETIME).build();
    PCollection<KV<Row, Iterable<Row>>> groups = p.apply(Create.of(
            Row.withSchema(bytes).addValues(new byte[] {1, 2}, 1, new Instant(5)).build(),
            Row.withSchema(bytes).addValues(new byte[] {1, 2}, 2, new Instant(5)).build(),
            Row.withSchema(bytes).addValues(new byte[] {1, 3}, 3, new Instant(5)).build(),
            Row.withSchema(bytes).addValues(null, 4, null).build())
        .withRowSchema(bytes))
        .apply(GroupRowsInBlocks.by(List.of("k", "when")));

    PAssert.that(groups.apply(MapElements.into(TypeDescriptors.strings()).via(g -> Arrays.toString(g.getKey().getBytes("k"))
            + ": " + StreamSupport.stream(g.getValue().spliterator(), false).map(r -> r.getInt32("v")).sorted()
            .map(Object::toString).collect(Collectors.joining(",")))))
        .containsInAnyOrder("[1, 2]: 1,2", "[1, 3]: 3", "null: 4");
    p.run();
  }

  @Test
  void aKeyGoesToOneBucketWhateverItsValuesInstances() {
    Row a = row(IN, new String("DE"), 2020, 1.0, "a.csv:2");
    Row b = row(IN, new String("DE"), 2020, 7.0, "b.csv:9");
    int[] key = {0, 1};
    assertEquals(GroupRowsInBlocks.bucket(a, key), GroupRowsInBlocks.bucket(b, key));
  }

  @Test
  void showsItsKeyColumnsAndBlockSize() {
    DisplayData data = DisplayData.from(GroupRowsInBlocks.by(List.of("country", "year")));
    assertEquals(Map.of("keyColumns", "country, year", "blockBytes", 65536L),
        data.items().stream().collect(Collectors.toMap(DisplayData.Item::getKey, DisplayData.Item::getValue)));
  }

  @Test
  void refusesAKeyColumnTheRowsDoNotHave(TestPipeline p) {
    PCollection<Row> input = rows(p, IN, row(IN, "FR", 2020, 1.0, "a.csv:2"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> input.apply(GroupRowsInBlocks.by(List.of("region"))));
    assertEquals("no column 'region' to group by in [country, year, value, __bl_source]", e.getMessage());
    p.enableAbandonedNodeEnforcement(false);
  }
}
