package org.beamlake.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.beamlake.schema.ColumnType;

/**
 * Reads a committed Parquet table into memory, outside any pipeline: for {@code beamlake test}
 * expectations, run summaries and tests. Only the files its {@code _SUCCESS} marker lists are read;
 * a partition column is restored from the directory names.
 *
 * <pre>{@code
 * List<Row> rows = TableReader.readAll(lake.refined("stats_country_global"));
 * }</pre>
 *
 * <p>Meant for small tables (refined outputs, samples): everything is held in memory.
 */
public final class TableReader {
  private TableReader() {}

  /** The committed table's schema and rows; fails if the directory holds no committed table. */
  public static Table readAll(String tableDir) {
    CommitInfo info = TableCommit.read(tableDir)
        .orElseThrow(() -> new IllegalStateException("no committed table at " + tableDir + " (no _SUCCESS)"));
    Schema schema = TableSchemas.fromColumns(info.columns());
    String partition = info.partitionBy();
    Schema fileSchema = partition == null ? schema : TableSchemas.without(schema, partition);
    List<Row> rows = new ArrayList<>();
    ReadTable.ToRow toRow = new ReadTable.ToRow(fileSchema);
    try {
      for (String relative : info.files()) {
        if (!relative.endsWith(".parquet")) {
          continue;
        }
        MatchResult.Metadata file = FileSystems.matchSingleFileSpec(tableDir + relative);
        Object partitionValue = partition == null ? null : partitionValue(relative, partition, schema);
        try (ParquetReader<GenericRecord> reader =
            AvroParquetReader.<GenericRecord>builder(new BeamInputFile(file)).build()) {
          for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
            Row fileRow = toRow.apply(record);
            Row.Builder row = Row.withSchema(schema);
            for (Schema.Field field : schema.getFields()) {
              row.addValue(field.getName().equals(partition) ? partitionValue : fileRow.getValue(field.getName()));
            }
            rows.add(row.build());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read table " + tableDir, e);
    }
    return new Table(schema, rows, info);
  }

  private static Object partitionValue(String relativePath, String column, Schema schema) {
    String prefix = column + "=";
    for (String part : relativePath.split("/")) {
      if (part.startsWith(prefix)) {
        String text = URLDecoder.decode(part.substring(prefix.length()), StandardCharsets.UTF_8);
        if (text.equals(WriteParquet.NULL_PARTITION)) {
          return null;
        }
        Object value = ColumnType.of(schema.getField(column).getType()).parse(text);
        // As decimals read from the files: without trailing zeros.
        return value instanceof BigDecimal ? TableSchemas.readDecimal((BigDecimal) value) : value;
      }
    }
    throw new IllegalStateException(relativePath + " has no " + prefix + " directory");
  }

  /** A table read into memory. */
  public record Table(Schema schema, List<Row> rows, CommitInfo commit) {}
}
