package org.beamlake.parse;

import static org.beamlake.parse.ParseCsvTest.COLUMNS;
import static org.beamlake.parse.ParseCsvTest.reject;
import static org.beamlake.parse.ParseCsvTest.row;
import static org.beamlake.parse.ParseFiles.read;
import static org.beamlake.parse.ParseFiles.write;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.StepCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A CSV file larger than the part size is parsed in parts; the result is the whole file's. */
@ExtendWith(TestPipelineExtension.class)
class ParseCsvPartsTest {
  private static final String TEXT = "YEAR,REF_AREA,OBS_VALUE\r\n"  // bytes 0-24, line 1
      + "2020,FRA,1.5\r\n"                                        // 25-38, line 2
      + "2021,\"DE\nU\",2\n"                                     // 39-52, lines 3-4
      + "19x5,ITA,3\n"                                            // 53-63, line 5
      + "\n"                                                       // 64, line 6
      + "2022,\"ES\"\"P\",4\n"                                    // 65-79, line 7
      + "2023,GBR\n"                                              // 80-88, line 8
      + "2024,POL,5\n";                                           // 89-99, line 9

  @TempDir Path dir;

  private static CsvFileParser csvParser() {
    return new CsvFileParser(DeclaredColumns.of("test", COLUMNS), ',', '"', StandardCharsets.UTF_8.name(), true,
        Set.of(""));
  }

  @Test
  void cutsALargeFileAtRecordsWithTheFilesLineNumbers(TestPipeline p) {
    Path file = write(dir, "parts.csv", TEXT);
    PCollection<String> parts = read(p, file)
        .apply(ParDo.of(new SplitFileFn(csvParser(), 20)))
        .setCoder(FileRange.RangeCoder.of())
        .apply(MapElements.into(TypeDescriptors.strings())
            .via(r -> r.start() + "-" + (r.end() == FileRange.TO_THE_END ? "end" : r.end()) + "@" + r.firstLine()));
    PAssert.that(parts).containsInAnyOrder("0-25@1", "25-53@2", "53-80@5", "80-end@8");
    p.run();
  }

  @Test
  void partsParseToExactlyTheWholeFilesRowsAndRejects(TestPipeline p) {
    Path file = write(dir, "parts.csv", TEXT);
    String f = file.toString();
    PCollection<ReadableFile> files = read(p, file);
    for (long partBytes : new long[] {1, 20, 1_000}) {
      RowResult result = files.apply("Parse" + partBytes, ParseCsv.of(COLUMNS).withPartBytes(partBytes));
      PAssert.that("rows " + partBytes, result.rows()).containsInAnyOrder(
          row("FRA", 2020, 1.5, f + ":2"), row("DE\nU", 2021, 2.0, f + ":3"), row("ES\"P", 2022, 4.0, f + ":7"),
          row("POL", 2024, 5.0, f + ":9"));
      PAssert.that("rejects " + partBytes, result.rejects()).containsInAnyOrder(
          reject("YEAR: expected int, got '19x5'", "19x5,ITA,3", f + ":5"),
          reject("expected 3 fields, got 2", "2023,GBR", f + ":8"));
      // Each part counts its own rows and rejects; summed, they are the whole file's.
      PAssert.that("counts " + partBytes, result.counts().apply("Sum" + partBytes, Sum.longsPerKey()))
          .containsInAnyOrder(KV.of(StepCounts.ROWS, 4L), KV.of(StepCounts.REJECTS, 2L));
    }
    p.run();
  }

  @Test
  void keepsACompressedFileWhole(TestPipeline p) {
    Path file = ParseFiles.writeGzip(dir, "parts.csv.gz", TEXT);
    PCollection<String> parts = read(p, file)
        .apply(ParDo.of(new SplitFileFn(csvParser(), 1)))
        .setCoder(FileRange.RangeCoder.of())
        .apply(MapElements.into(TypeDescriptors.strings()).via(r -> String.valueOf(r.isWholeFile())));
    PAssert.that(parts).containsInAnyOrder("true");
    p.run();
  }

  @Test
  void rejectsBytesNotValidInTheCharsetToTheEndOfTheirPartOnly(TestPipeline p) {
    // Whole, the file would lose DEU and ITA into the reject too (ParseCsvTest); cut at every record,
    // the reject ends with its part and names the file's byte and line.
    Path file = write(dir, "latin1.csv", "REF_AREA,YEAR,OBS_VALUE\nFRA,2020,1\ncafé,2021,2\nDEU,2022,3\nITA,2023,4\n",
        StandardCharsets.ISO_8859_1);
    String f = file.toString();
    RowResult result = read(p, file).apply(ParseCsv.of(COLUMNS).withPartBytes(1));
    PAssert.that(result.rows()).containsInAnyOrder(
        row("FRA", 2020, 1.0, f + ":2"), row("DEU", 2022, 3.0, f + ":4"), row("ITA", 2023, 4.0, f + ":5"));
    PAssert.that(result.rejects()).containsInAnyOrder(reject(
        "malformed CSV at line 3: text is not valid UTF-8 at byte 38", "caf\uFFFD,2021,2", f + ":3"));
    p.run();
  }
}
