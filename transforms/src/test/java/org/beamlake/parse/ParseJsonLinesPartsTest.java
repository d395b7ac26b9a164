package org.beamlake.parse;

import static org.beamlake.parse.ParseCsvTest.COLUMNS;
import static org.beamlake.parse.ParseCsvTest.reject;
import static org.beamlake.parse.ParseCsvTest.row;
import static org.beamlake.parse.ParseFiles.read;
import static org.beamlake.parse.ParseFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.beamlake.parse.FileRange.Cut;
import org.beamlake.quarantine.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A JSON-lines file larger than the part size is parsed in parts; the result is the whole file's. */
@ExtendWith(TestPipelineExtension.class)
class ParseJsonLinesPartsTest {
  @TempDir Path dir;

  private static List<Cut> cuts(String text, long target) throws IOException {
    return LineSplits.find(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), target);
  }

  @Test
  void cutsAfterLineFeedsCountingLinesAsReadLineDoes() throws IOException {
    // Lines: "a" 1, "bb" 2 (\r\n), "c" 3 (\r alone), "d" 4, "e" 5.
    assertEquals(List.of(new Cut(2, 2), new Cut(6, 3), new Cut(10, 5)), cuts("a\nbb\r\nc\rd\ne\n", 1));
    assertEquals(List.of(new Cut(6, 3)), cuts("a\nbb\r\nc\rd\ne\n", 5));
    assertEquals(List.of(), cuts("a\nbb\r\n", 1_000));
  }

  @Test
  void partsParseToExactlyTheWholeFilesRowsAndRejects(TestPipeline p) {
    Path file = write(dir, "parts.jsonl", "{\"REF_AREA\": \"FRA\", \"YEAR\": 2020}\r\n"  // line 1
        + "\n"                                                                      // 2
        + "{\"REF_AREA\": \n"                                                       // 3
        + "{\"REF_AREA\": \"ITA\", \"OBS_VALUE\": 2.5}\n"                          // 4
        + "7\n"                                                                     // 5
        + "{\"YEAR\": 1}");                                                         // 6
    String f = file.toString();
    PCollection<ReadableFile> files = read(p, file);
    for (long partBytes : new long[] {1, 30, 1_000}) {
      RowResult result = files.apply("Parse" + partBytes,
          ParseJson.of(COLUMNS).withJsonLines().withPartBytes(partBytes));
      PAssert.that("rows " + partBytes, result.rows()).containsInAnyOrder(
          row("FRA", 2020, null, f + ":1"), row("ITA", null, 2.5, f + ":4"), row(null, 1, null, f + ":6"));
      PAssert.that("rejects " + partBytes, result.rejects()).containsInAnyOrder(
          reject("malformed JSON at line 3: Unexpected end-of-input within/between Object entries",
              "{\"REF_AREA\": ", f + ":3"),
          reject("expected a JSON object, got number", "7", f + ":5"));
    }
    p.run();
  }
}
