package org.beamlake.lake;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes rows as one CSV file with a header (RFC 4180 quoting, UTF-8, null as an empty field):
 * {@code <directory>/<name>.csv}. For small refined tables that people open in a spreadsheet;
 * rows are in no particular order.
 *
 * <pre>{@code
 * rows.apply(WriteCsv.to(stagingDir + "_csv/", "stats_country_global"));
 * }</pre>
 */
public final class WriteCsv extends PTransform<PCollection<Row>, PDone> {
  private final String directory;
  private final String name;

  private WriteCsv(String directory, String name) {
    this.directory = directory;
    this.name = name;
  }

  public static WriteCsv to(String directory, String name) {
    checkArgument(directory != null && directory.endsWith("/"), "directory must end with '/', got %s", directory);
    return new WriteCsv(directory, Lake.name(name));
  }

  @Override
  public PDone expand(PCollection<Row> input) {
    Schema table = TableSchemas.normalize(input.getSchema());
    String header = line(table.getFieldNames());
    input.apply("ToCsv", MapElements.via(new ToCsvLine(table)))
        .apply("WriteCsv", TextIO.write().to(directory + name).withSuffix(".csv")
            .withHeader(header).withoutSharding());
    return PDone.in(input.getPipeline());
  }

  static String line(List<?> values) {
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator("").get())) {
      printer.printRecord(values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static final class ToCsvLine extends SimpleFunction<Row, String> {
    private final Schema table;

    ToCsvLine(Schema table) {
      this.table = table;
    }

    @Override
    public String apply(Row row) {
      List<Object> values = new ArrayList<>();
      for (String field : table.getFieldNames()) {
        Object value = row.getValue(field);
        values.add(value == null ? "" : value.toString());
      }
      return line(values);
    }
  }
}
