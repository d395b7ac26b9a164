package org.beamlake.lake;

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
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.QuarantinedRecordCoder;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteQuarantineTest {
  static String written(Path dir, List<QuarantinedRecord> records) throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<QuarantinedRecord> in = records.isEmpty()
        ? p.apply(Create.empty(QuarantinedRecordCoder.of()))
        : p.apply(Create.of(records).withCoder(QuarantinedRecordCoder.of()));
    in.apply(WriteQuarantine.to(dir + "/"));
    p.run().waitUntilFinish();
    assertEquals(List.of("rejected.jsonl"), LakeTables.files(dir));
    return new String(Files.readAllBytes(dir.resolve("rejected.jsonl")), StandardCharsets.UTF_8);
  }

  /** The lines of a JSON-lines file, sorted (records are in no particular order); it must end with a newline. */
  static List<String> lines(String content) {
    List<String> lines = Arrays.asList(content.split("\n", -1));
    assertEquals("", lines.get(lines.size() - 1), "the file ends with a newline");
    return lines.subList(0, lines.size() - 1).stream().sorted().collect(Collectors.toList());
  }

  @Test
  void writesOneJsonObjectPerRecord(@TempDir Path tmp) throws Exception {
    Schema schema = Lineage.withLineage(Schema.builder()
        .addField("REF_AREA", ColumnType.STRING.fieldType())
        .addField("OBS_VALUE", ColumnType.DOUBLE.fieldType())
        .addField("AMOUNT", ColumnType.DECIMAL.fieldType())
        .addField("DAY", ColumnType.DATE.fieldType())
        .build());
    Row row = Row.withSchema(schema)
        .addValues(null, 72.5, new BigDecimal("1.10"), LocalDate.of(2024, 2, 29), "raw/wdi.json#17").build();
    List<QuarantinedRecord> records = List.of(
        new QuarantinedRecord("parse", null, "line 3: unterminated quoted field", "FRA,\"72.5\n2020", "raw/a.csv:3"),
        QuarantinedRecord.ofRow("rules", "not_null(REF_AREA)", "REF_AREA is null", row),
        new QuarantinedRecord("cast", null, "YEAR: expected int, got 'x'", "{\"YEAR\":\"x\"}", null));

    assertEquals(List.of(
            "{\"step\":\"cast\",\"rule\":null,\"reason\":\"YEAR: expected int, got 'x'\",\"source\":null,"
                + "\"payload\":\"{\\\"YEAR\\\":\\\"x\\\"}\"}",
            "{\"step\":\"parse\",\"rule\":null,\"reason\":\"line 3: unterminated quoted field\","
                + "\"source\":\"raw/a.csv:3\",\"payload\":\"FRA,\\\"72.5\\n2020\"}",
            // The payload is JsonRows' rendering of the row: Jackson writes the decimal 1.10 as 1.1.
            "{\"step\":\"rules\",\"rule\":\"not_null(REF_AREA)\",\"reason\":\"REF_AREA is null\","
                + "\"source\":\"raw/wdi.json#17\",\"payload\":"
                + "\"{\\\"REF_AREA\\\":null,\\\"OBS_VALUE\\\":72.5,\\\"AMOUNT\\\":1.1,\\\"DAY\\\":\\\"2024-02-29\\\"}\"}"),
        lines(written(tmp.resolve("q"), records)));
  }

  @Test
  void unicodeIsWrittenAsUtf8NotEscaped(@TempDir Path tmp) throws Exception {
    List<QuarantinedRecord> records = List.of(new QuarantinedRecord(
        "parse", null, "ville inconnue: São Tomé", "{\"city\": \"Zürich — 東京 😀\"}\ttab", "données/é.json#0"));

    assertEquals(
        "{\"step\":\"parse\",\"rule\":null,\"reason\":\"ville inconnue: São Tomé\",\"source\":\"données/é.json#0\","
            + "\"payload\":\"{\\\"city\\\": \\\"Zürich — 東京 😀\\\"}\\ttab\"}\n",
        written(tmp.resolve("q"), records));
  }

  @Test
  void controlCharactersAreEscapedSoEachRecordStaysOnOneLine(@TempDir Path tmp) throws Exception {
    List<QuarantinedRecord> records = List.of(
        new QuarantinedRecord("parse", "r", "bad\r\nline", "a\u0000b\u001fc\\d", "x:1"));

    assertEquals(
        "{\"step\":\"parse\",\"rule\":\"r\",\"reason\":\"bad\\r\\nline\",\"source\":\"x:1\","
            + "\"payload\":\"a\\u0000b\\u001Fc\\\\d\"}\n",
        written(tmp.resolve("q"), records));
  }

  @Test
  void noRecordsWriteAnEmptyFile(@TempDir Path tmp) throws Exception {
    assertEquals("", written(tmp.resolve("q"), List.of()));
  }

  @Test
  void refusesDirectoryWithoutTrailingSlash() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WriteQuarantine.to("q"));
    assertEquals("directory must end with '/', got q", e.getMessage());
  }
}
