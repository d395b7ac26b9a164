package org.beamlake.ml;

import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;

/**
 * Sends rows with a null in any column a model reads (features, label, group, split key) to
 * quarantine with the column named, instead of letting a null become a silent NaN. Every row is
 * in exactly one of the outputs. Missing columns fail when the graph is built.
 *
 * <pre>{@code
 * RowResult usable = rows.apply(CheckFeatures.of("model trend", List.of("year", "OBS_VALUE")));
 * }</pre>
 */
public final class CheckFeatures extends PTransform<PCollection<Row>, RowResult> {
  private final String model;
  private final List<String> columns;

  private CheckFeatures(String model, List<String> columns) {
    this.model = model;
    this.columns = List.copyOf(columns);
  }

  /** Rows whose {@code columns} are all non-null pass; {@code model} names the rule. */
  public static CheckFeatures of(String model, List<String> columns) {
    return new CheckFeatures(model, columns);
  }

  @Override
  public RowResult expand(PCollection<Row> rows) {
    for (String column : columns) {
      if (!rows.getSchema().hasField(column)) {
        throw new IllegalArgumentException(
            model + ": column '" + column + "' is missing (columns: " + rows.getSchema().getFieldNames() + ")");
      }
    }
    PCollectionTuple checked =
        rows.apply(
            "RejectNulls",
            ParDo.of(new NullsFn(model, columns))
                .withOutputTags(RowResult.ROWS, TupleTagList.of(RowResult.REJECTS)));
    checked.get(RowResult.ROWS).setRowSchema(rows.getSchema());
    return RowResult.of(checked);
  }

  static final class NullsFn extends DoFn<Row, Row> {
    private final String model;
    private final List<String> columns;

    NullsFn(String model, List<String> columns) {
      this.model = model;
      this.columns = columns;
    }

    @ProcessElement
    public void process(@Element Row row, MultiOutputReceiver out) {
      for (String column : columns) {
        if (row.getValue(column) == null) {
          out.get(RowResult.REJECTS)
              .output(QuarantinedRecord.ofRow("ml", "features(" + model + ")", column + " is null", row));
          return;
        }
      }
      out.get(RowResult.ROWS).output(row);
    }
  }
}
