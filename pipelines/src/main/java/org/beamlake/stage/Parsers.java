package org.beamlake.stage;

import java.util.HashSet;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.beamlake.parse.ParseCsv;
import org.beamlake.parse.ParseJson;
import org.beamlake.project.DatasetConfig;
import org.beamlake.project.FormatConfig;
import org.beamlake.quarantine.RowResult;

/** The parser a dataset's format asks for, configured from the project. */
final class Parsers {
  private Parsers() {}

  static PTransform<PCollection<FileIO.ReadableFile>, RowResult> forFormat(DatasetConfig dataset) {
    FormatConfig f = dataset.format();
    switch (f.kind()) {
      case CSV:
        return ParseCsv.of(DatasetBuilder.declaredSchema(dataset))
            .withDelimiter(f.delimiter())
            .withQuote(f.quote())
            .withHeader(f.header())
            .withCharset(f.charset())
            .withNullValues(new HashSet<>(f.nullValues()));
      case JSONL:
      case JSON:
        ParseJson json = ParseJson.of(DatasetBuilder.declaredSchema(dataset))
            .withCharset(f.charset())
            .withRejectUnknownFields(f.rejectUnknownFields());
        if (f.kind() == FormatConfig.Kind.JSONL) {
          json = json.withJsonLines();
        }
        if (f.recordsAt() != null) {
          json = json.withRecordsAt(f.recordsAt());
        }
        if (f.columnsAt() != null) {
          json = json.withColumnArraysAt(f.columnsAt());
        }
        if (!f.fieldPaths().isEmpty()) {
          json = json.withFieldPaths(f.fieldPaths());
        }
        return json;
      default:
        throw new IllegalStateException(f.kind().toString());
    }
  }
}
