package org.beamlake.lake;

import static org.beamlake.lake.LakeTables.IN;
import static org.beamlake.lake.LakeTables.in;
import static org.beamlake.lake.LakeTables.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteCsvTest {
  static final String HEADER = "s,i,l,d,b,dec,dt,ts";

  static String written(Path tmp, List<Row> rows, Schema schema) throws Exception {
    LakeTables.run(schema, rows, WriteCsv.to(tmp + "/_csv/", "t"));
    assertEquals(List.of("t.csv"), LakeTables.files(tmp.resolve("_csv")));
    return Files.readString(tmp.resolve("_csv/t.csv"), StandardCharsets.UTF_8);
  }

  @Test
  void writesHeaderAndOneLinePerRowWithEveryColumnType(@TempDir Path tmp) throws Exception {
    List<Row> rows = List.of(
        in("a", 1, 10L, 1.5, true, new BigDecimal("12.34"), LocalDate.of(2024, 2, 29), ts("2024-02-29T12:34:56.789Z"),
            "f.csv:2"),
        in("b", Integer.MIN_VALUE, Long.MAX_VALUE, -0.25, false, new BigDecimal("-0.001"), LocalDate.of(1969, 12, 31),
            ts("1969-12-31T23:59:59.999Z"), "f.csv:3"),
        in("c", 0, 0L, 1.0E7, null, new BigDecimal("100"), null, ts("2024-01-01T00:00:00Z"), "f.csv:4"),
        in("d", null, null, 1.0E-5, null, null, null, null, "f.csv:5"),
        in("e", 7, -1L, 0.1, true, new BigDecimal("0.10"), LocalDate.of(2000, 1, 1), null, null));

    String csv = written(tmp, rows, IN);

    // Rows are in no particular order: the header is first, the lines are compared sorted.
    List<String> lines = Arrays.asList(csv.split("\n", -1));
    assertEquals(HEADER, lines.get(0));
    assertEquals("", lines.get(lines.size() - 1), "the file ends with a newline");
    assertEquals(List.of(
            "a,1,10,1.5,true,12.34,2024-02-29,2024-02-29T12:34:56.789Z",
            "b,-2147483648,9223372036854775807,-0.25,false,-0.001,1969-12-31,1969-12-31T23:59:59.999Z",
            "c,0,0,1.0E7,,100,,2024-01-01T00:00:00.000Z",
            "d,,,1.0E-5,,,,",
            "e,7,-1,0.1,true,0.10,2000-01-01,"),
        lines.subList(1, lines.size() - 1).stream().sorted().collect(Collectors.toList()));
  }

  @Test
  void quotesCommasQuotesAndLineBreaksAsRfc4180(@TempDir Path tmp) throws Exception {
    Schema schema = Schema.builder()
        .addField("name", ColumnType.STRING.fieldType())
        .addField("note, with comma", ColumnType.STRING.fieldType())
        .addField("n", ColumnType.INT.fieldType())
        .build();
    List<Row> rows = List.of(Row.withSchema(schema)
        .addValues("Doe, \"Jo\"", "two\nlines and a \r return", 1).build());

    assertEquals("name,\"note, with comma\",n\n"
            + "\"Doe, \"\"Jo\"\"\",\"two\nlines and a \r return\",1\n",
        written(tmp, rows, schema));
  }

  @Test
  void nullsAreEmptyFieldsAndAnEmptyFirstFieldIsQuoted(@TempDir Path tmp) throws Exception {
    Schema schema = Schema.builder()
        .addField("a", ColumnType.STRING.fieldType())
        .addField("b", ColumnType.STRING.fieldType())
        .build();
    List<Row> nullFirst = List.of(Row.withSchema(schema).addValues(null, null).build());
    // A line must not be empty, so an empty first field is written as "" (RFC 4180 reads it as empty).
    assertEquals("a,b\n\"\",\n", written(tmp.resolve("one"), nullFirst, schema));

    List<Row> emptyFirst = List.of(Row.withSchema(schema).addValues("", "x").build());
    assertEquals("a,b\n\"\",x\n", written(tmp.resolve("two"), emptyFirst, schema));
  }

  @Test
  void unicodeIsWrittenAsUtf8(@TempDir Path tmp) throws Exception {
    Schema schema = Schema.builder().addField("city", ColumnType.STRING.fieldType()).build();
    List<Row> rows = List.of(Row.withSchema(schema).addValues("São Tomé — 東京").build());

    LakeTables.run(schema, rows, WriteCsv.to(tmp + "/_csv/", "t"));
    assertEquals("city\nSão Tomé — 東京\n",
        new String(Files.readAllBytes(tmp.resolve("_csv/t.csv")), StandardCharsets.UTF_8));
  }

  @Test
  void emptyInputWritesTheHeaderOnly(@TempDir Path tmp) throws Exception {
    assertEquals(HEADER + "\n", written(tmp, List.of(), IN));
  }

  @Test
  void refusesBadDirectoryOrName() {
    IllegalArgumentException dir = assertThrows(IllegalArgumentException.class, () -> WriteCsv.to("out", "t"));
    assertEquals("directory must end with '/', got out", dir.getMessage());
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> WriteCsv.to("out/", "../t"));
    assertEquals("invalid name '../t': use letters, digits, '_', '-' and '.', starting with a letter or digit",
        name.getMessage());
  }
}
