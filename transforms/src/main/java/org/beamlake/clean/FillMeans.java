package org.beamlake.clean;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.beamlake.schema.Rows;
import org.beamlake.sql.ExactMean;

/**
 * Fills the nulls of some numeric columns with their mean over the whole collection (no group-by
 * columns) or over the rows that share the group-by values. One step of {@link FillNulls}.
 *
 * <p>The whole-collection mean is one small row, handed to every worker as a side input. Group
 * means take one grouping of the rows by group ({@link GroupRowsInBlocks}: the rows cross the
 * shuffle in blocks, not one by one): each group's exact means are summed from its rows and fill
 * that group's nulls in the same step. An earlier version combined the means per
 * key and joined them back to the rows with nulls ({@code Combine.perKey} plus {@code
 * CoGroupByKey} behind a three-output split): on Spark that was two shuffles, a serialized cache of
 * the split and a size-estimated accumulator per group and partition, where groups are small (the
 * benchmark: 375,000 groups of 2.7 rows at 1M rows) and lifting saves nothing; see BENCHMARKS.md.
 * A group's rows with a null wait in memory for its means, as they waited in the join before.
 */
class FillMeans extends PTransform<PCollection<Row>, PCollection<Row>> {
  private final List<String> columns;
  private final List<String> groupBy;

  FillMeans(List<String> columns, List<String> groupBy) {
    this.columns = List.copyOf(columns);
    this.groupBy = List.copyOf(groupBy);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> input) {
    Schema schema = input.getSchema();
    int[] targets = indexes(schema, columns);
    if (groupBy.isEmpty()) {
      PCollectionView<Row> mean =
          input.apply(
              "ComputeMean", Combine.globally(new ExactMeanFn(schema, columns)).withFanout(ProfileColumns.FANOUT).asSingletonView());
      return input
          .apply("FillFromMean", ParDo.of(new FillFromMeanFn(targets, mean)).withSideInputs(mean))
          .setRowSchema(schema);
    }
    return input
        .apply("GroupRows", GroupRowsInBlocks.by(groupBy))
        .apply("FillFromGroupMean", ParDo.of(new FillFromGroupMeanFn(new ExactMeanFn(schema, columns), targets)))
        .setRowSchema(schema);
  }

  private static int[] indexes(Schema schema, List<String> names) {
    return names.stream().mapToInt(schema::indexOf).toArray();
  }

  /** The row with each null target filled from {@code means} where the mean is not null. */
  static Row fill(Row row, int[] targets, Row means) {
    List<Object> values = null;
    for (int j = 0; j < targets.length; j++) {
      Object mean = means.getValue(j);
      if (row.getValue(targets[j]) == null && mean != null) {
        if (values == null) {
          values = new ArrayList<>(row.getValues());
        }
        values.set(targets[j], mean);
      }
    }
    return values == null ? row : Rows.of(row.getSchema(), values);
  }

  static boolean hasNull(Row row, int[] targets) {
    for (int target : targets) {
      if (row.getValue(target) == null) {
        return true;
      }
    }
    return false;
  }

  /** Fills from the whole-collection means, a side input. */
  static class FillFromMeanFn extends DoFn<Row, Row> {
    private final int[] targets;
    private final PCollectionView<Row> mean;

    FillFromMeanFn(int[] targets, PCollectionView<Row> mean) {
      this.targets = targets.clone();
      this.mean = mean;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Row row = c.element();
      c.output(hasNull(row, targets) ? fill(row, targets, c.sideInput(mean)) : row);
    }
  }

  /**
   * One group: the exact means of its non-null values, then its rows, those with a null filled.
   * Rows without a null leave at once; only those to fill wait for the means.
   */
  static class FillFromGroupMeanFn extends DoFn<KV<Row, Iterable<Row>>, Row> {
    private final ExactMeanFn means;
    private final int[] targets;

    FillFromGroupMeanFn(ExactMeanFn means, int[] targets) {
      this.means = means;
      this.targets = targets.clone();
    }

    @ProcessElement
    public void process(@Element KV<Row, Iterable<Row>> group, OutputReceiver<Row> out) {
      ExactMean[] sums = means.createAccumulator();
      List<Row> toFill = new ArrayList<>();
      for (Row row : group.getValue()) {
        means.addInput(sums, row);
        if (hasNull(row, targets)) {
          toFill.add(row);
        } else {
          out.output(row);
        }
      }
      if (!toFill.isEmpty()) {
        Row mean = means.extractOutput(sums);
        for (Row row : toFill) {
          out.output(fill(row, targets, mean));
        }
      }
    }
  }
}
