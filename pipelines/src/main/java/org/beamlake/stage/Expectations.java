package org.beamlake.stage;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.beamlake.lake.CommitInfo;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableCommit;
import org.beamlake.lake.TableReader;
import org.beamlake.project.Expectation;
import org.beamlake.project.Project;
import org.beamlake.schema.ColumnType;

/**
 * Checks a project's declared expectations against a lake after a run: exact row counts, golden
 * CSV files (rows in any order, doubles within 1e-9 relative, everything else exact) and maximum
 * quarantine ratios. What {@code beamlake test} reports.
 */
public final class Expectations {
  private static final double RELATIVE_TOLERANCE = 1e-9;

  private Expectations() {}

  /** One expectation's outcome. */
  public record Result(Expectation expectation, boolean passed, String message) {}

  public static List<Result> check(Project project, Lake lake, String runId) {
    List<Result> results = new ArrayList<>();
    for (Expectation e : project.expectations()) {
      try {
        results.add(checkOne(e, lake, runId));
      } catch (RuntimeException ex) {
        results.add(new Result(e, false, Stages.rootMessage(ex)));
      }
    }
    return results;
  }

  /** Rewrites each golden file from the lake's current output (after a reviewed change). */
  public static void updateGolden(Project project, Lake lake) throws IOException {
    for (Expectation e : project.expectations()) {
      if (e.kind() == Expectation.Kind.GOLDEN) {
        TableReader.Table table = TableReader.readAll(location(e, lake, null));
        List<List<String>> lines = new ArrayList<>();
        for (Row row : table.rows()) {
          List<String> line = new ArrayList<>();
          for (String f : table.schema().getFieldNames()) {
            Object v = row.getValue(f);
            line.add(v == null ? "" : v.toString());
          }
          lines.add(line);
        }
        lines.sort((a, b) -> String.join("\u0001", a).compareTo(String.join("\u0001", b)));
        try (Writer w = Files.newBufferedWriter(Path.of(e.goldenFile()), StandardCharsets.UTF_8);
            CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
          printer.printRecord(table.schema().getFieldNames());
          for (List<String> line : lines) {
            printer.printRecord(line);
          }
        }
      }
    }
  }

  private static String location(Expectation e, Lake lake, String runId) {
    switch (e.zone()) {
      case "trusted":
        return lake.trusted(e.name());
      case "refined":
        return lake.refined(e.name());
      default:
        return lake.quarantine(e.name(), runId);
    }
  }

  private static Result checkOne(Expectation e, Lake lake, String runId) {
    switch (e.kind()) {
      case ROWS: {
        String dir = location(e, lake, runId);
        long rows = e.zone().equals("quarantine")
            ? TableCommit.read(dir).map(CommitInfo::rows).orElseThrow(() -> new IllegalStateException("no output at " + dir))
            : TableReader.readAll(dir).rows().size();
        return new Result(e, rows == e.rows(), e.zone() + "/" + e.name() + " has " + rows + " rows, expected " + e.rows());
      }
      case QUARANTINE_RATIO: {
        CommitInfo trusted = TableCommit.read(lake.trusted(e.name())).orElseThrow();
        CommitInfo quarantine = TableCommit.read(lake.quarantine(e.name(), runId)).orElseThrow();
        double total = trusted.rows() + quarantine.rows();
        double ratio = total == 0 ? 0 : quarantine.rows() / total;
        return new Result(e, ratio <= e.ratio(), String.format("%s: %d of %.0f records quarantined (%.4f), at most %.4f allowed",
            e.name(), quarantine.rows(), total, ratio, e.ratio()));
      }
      default:
        return golden(e, TableReader.readAll(location(e, lake, runId)));
    }
  }

  private static Result golden(Expectation e, TableReader.Table table) {
    String what = e.zone() + "/" + e.name() + " vs " + e.goldenFile();
    List<Row> actual = table.rows();
    Schema schema = table.schema();
    try (Reader in = Files.newBufferedReader(Path.of(e.goldenFile()), StandardCharsets.UTF_8);
        CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
      if (!csv.getHeaderNames().equals(schema.getFieldNames())) {
        return new Result(e, false, what + ": columns " + schema.getFieldNames() + ", expected " + csv.getHeaderNames());
      }
      List<CSVRecord> expected = csv.getRecords();
      if (expected.size() != actual.size()) {
        return new Result(e, false, what + ": " + actual.size() + " rows, expected " + expected.size());
      }
      Map<Integer, Boolean> used = new HashMap<>();
      for (CSVRecord record : expected) {
        int match = -1;
        for (int i = 0; i < actual.size() && match < 0; i++) {
          if (!used.containsKey(i) && same(record, actual.get(i), schema)) {
            match = i;
          }
        }
        if (match < 0) {
          return new Result(e, false, what + ": no output row matches golden line " + (record.getRecordNumber() + 1)
              + " " + record.toList());
        }
        used.put(match, true);
      }
      return new Result(e, true, what + ": " + actual.size() + " rows match");
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static boolean same(CSVRecord record, Row row, Schema schema) {
    for (int i = 0; i < schema.getFieldCount(); i++) {
      String text = record.get(i);
      Object actual = row.getValue(i);
      ColumnType type = ColumnType.of(schema.getField(i).getType());
      Object expected = text.isEmpty() && type != ColumnType.STRING ? null : type.parse(text);
      if (expected == null || actual == null) {
        if (expected != actual) {
          return false;
        }
      } else if (type == ColumnType.DOUBLE) {
        double a = (Double) actual;
        double x = (Double) expected;
        if (Math.abs(a - x) > RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(x))) {
          return false;
        }
      } else if (!expected.equals(actual)) {
        return false;
      }
    }
    return true;
  }
}
