package org.beamlake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.beamlake.quarantine.Lineage;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableCommitTest {
  static final Schema IN = Lineage.withLineage(Schema.builder()
      .addField("db", ColumnType.STRING.fieldType())
      .addField("country", ColumnType.STRING.fieldType())
      .addField("n", Schema.FieldType.INT64) // not nullable: normalized on write
      .build());

  static Row row(String db, String country, long n) {
    return Row.withSchema(IN).addValues(db, country, n, "f.json#" + n).build();
  }

  static void write(Lake lake, String runId, List<Row> rows, boolean fail) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Row> in = p.apply(Create.of(rows).withRowSchema(IN));
    if (fail) {
      in = in.apply(MapElements.into(TypeDescriptors.rows()).via(r -> {
        throw new IllegalStateException("boom");
      })).setRowSchema(IN);
    }
    in.apply(WriteParquet.to(lake.staging(runId, "refined", "t")).withPartitionBy("db").withShards(1));
    p.run().waitUntilFinish();
    TableCommit.commit(lake.staging(runId, "refined", "t"), lake.refined("t"), runId, rows.size(),
        TableSchemas.columns(IN), "db");
  }

  static List<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).filter(f -> !f.startsWith("."))
          .filter(f -> !f.contains("/.")).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void writesPartitionedParquetCommitsAndReadsBack(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    write(lake, "r1", List.of(row("WB_WDI", "FRA", 1), row("WB_ESG", "FRA", 2), row(null, "DEU", 3)), false);

    TableReader.Table table = TableReader.readAll(lake.refined("t"));
    Schema expected = Schema.builder().addField("db", ColumnType.STRING.fieldType())
        .addField("country", ColumnType.STRING.fieldType()).addField("n", ColumnType.LONG.fieldType()).build();
    assertEquals(expected, table.schema());
    assertEquals(
        List.of("WB_ESG|FRA|2", "WB_WDI|FRA|1", "null|DEU|3"),
        table.rows().stream().map(r -> r.getValue("db") + "|" + r.getString("country") + "|" + r.getInt64("n"))
            .sorted().collect(Collectors.toList()));
    assertEquals(List.of(
            "db=WB_ESG/part-00000-of-00001.parquet",
            "db=WB_WDI/part-00000-of-00001.parquet",
            "db=" + WriteParquet.NULL_PARTITION + "/part-00000-of-00001.parquet"),
        table.commit().files());
    assertEquals(Map.of("db", "string", "country", "string", "n", "long"), table.commit().columns());
  }

  @Test
  void rerunReplacesAndFailedRunLeavesPreviousOutput(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    write(lake, "r1", List.of(row("A", "FRA", 1), row("B", "FRA", 2)), false);
    write(lake, "r1", List.of(row("A", "FRA", 1), row("B", "FRA", 2)), false);
    assertEquals(2, TableReader.readAll(lake.refined("t")).rows().size());
    Path table = tmp.resolve("refined/t");
    List<String> before = files(table);
    assertEquals(List.of("_SUCCESS", "db=A/part-00000-of-00001.parquet", "db=B/part-00000-of-00001.parquet"), before);

    write(lake, "r2", List.of(row("C", "DEU", 7)), false);
    assertEquals(List.of("_SUCCESS", "db=C/part-00000-of-00001.parquet"), files(table));

    assertThrows(RuntimeException.class, () -> write(lake, "r3", List.of(row("D", "ITA", 9)), true));
    assertEquals(List.of("_SUCCESS", "db=C/part-00000-of-00001.parquet"), files(table));
    assertEquals("r2", TableReader.readAll(lake.refined("t")).commit().runId());
    assertTrue(TableCommit.read(lake.refined("t")).isPresent());
    assertFalse(TableCommit.read(lake.refined("missing")).isPresent());
  }
}
