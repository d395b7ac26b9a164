package org.beamlake.clean;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Fills the nulls of some numeric columns with their mean over the whole collection (no group-by
 * columns) or over the rows that share the group-by values. One step of {@link FillNulls}.
 *
 * <p>The whole-collection mean is one small row, handed to every worker as a side input. Group
 * means are computed with {@code Combine.perKey} over the averaged values only (a combiner-lifting
 * runner shuffles one accumulator per group and worker) and joined back with {@code CoGroupByKey};
 * only rows that have a null to fill go through the join, the others pass straight on.
 */
class FillMeans extends PTransform<PCollection<Row>, PCollection<Row>> {
  private static final TupleTag<KV<Row, Row>> VALUES = new TupleTag<KV<Row, Row>>() {};
  private static final TupleTag<KV<Row, Row>> TO_FILL = new TupleTag<KV<Row, Row>>() {};
  private static final TupleTag<Row> COMPLETE = new TupleTag<Row>() {};
  private static final TupleTag<Row> ROWS = new TupleTag<Row>() {};
  private static final TupleTag<Row> MEANS = new TupleTag<Row>() {};

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
    Schema keySchema = project(schema, groupBy);
    Schema valueSchema = project(schema, columns);
    RowCoder keyCoder = RowCoder.of(keySchema);
    PCollectionTuple keyed =
        input.apply(
            "KeyByGroup",
            ParDo.of(new KeyByGroupFn(keySchema, indexes(schema, groupBy), valueSchema, targets))
                .withOutputTags(VALUES, TupleTagList.of(TO_FILL).and(COMPLETE)));
    PCollection<KV<Row, Row>> toFill =
        keyed.get(TO_FILL).setCoder(KvCoder.of(keyCoder, RowCoder.of(schema)));
    PCollection<KV<Row, Row>> means =
        keyed
            .get(VALUES)
            .setCoder(KvCoder.of(keyCoder, RowCoder.of(valueSchema)))
            .apply("ComputeGroupMeans", Combine.perKey(new ExactMeanFn(valueSchema, columns)));
    PCollection<Row> filled =
        KeyedPCollectionTuple.of(ROWS, toFill)
            .and(MEANS, means)
            .apply("JoinMeans", CoGroupByKey.create())
            .apply("FillFromGroupMean", ParDo.of(new FillFromGroupMeanFn(targets)))
            .setRowSchema(schema);
    return PCollectionList.of(keyed.get(COMPLETE).setRowSchema(schema))
        .and(filled)
        .apply("Merge", Flatten.pCollections())
        .setRowSchema(schema);
  }

  private static int[] indexes(Schema schema, List<String> names) {
    return names.stream().mapToInt(schema::indexOf).toArray();
  }

  private static Schema project(Schema schema, List<String> names) {
    return names.stream().map(schema::getField).collect(Schema.toSchema());
  }

  private static Row project(Schema schema, Row row, int[] indexes) {
    List<Object> values = new ArrayList<>(indexes.length);
    for (int index : indexes) {
      values.add(row.getValue(index));
    }
    return Row.withSchema(schema).addValues(values).build();
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
    return values == null ? row : Row.withSchema(row.getSchema()).addValues(values).build();
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
   * Keys every row by its group: the averaged values of all rows go to the means, and rows with a
   * null to fill go to the join whole; the others need no join.
   */
  static class KeyByGroupFn extends DoFn<Row, KV<Row, Row>> {
    private final Schema keySchema;
    private final int[] keyIndexes;
    private final Schema valueSchema;
    private final int[] targets;

    KeyByGroupFn(Schema keySchema, int[] keyIndexes, Schema valueSchema, int[] targets) {
      this.keySchema = keySchema;
      this.keyIndexes = keyIndexes.clone();
      this.valueSchema = valueSchema;
      this.targets = targets.clone();
    }

    @ProcessElement
    public void process(@Element Row row, MultiOutputReceiver out) {
      Row key = project(keySchema, row, keyIndexes);
      out.get(VALUES).output(KV.of(key, project(valueSchema, row, targets)));
      if (hasNull(row, targets)) {
        out.get(TO_FILL).output(KV.of(key, row));
      } else {
        out.get(COMPLETE).output(row);
      }
    }
  }

  /** Fills the rows of one group from that group's means (absent if the group is empty). */
  static class FillFromGroupMeanFn extends DoFn<KV<Row, CoGbkResult>, Row> {
    private final int[] targets;

    FillFromGroupMeanFn(int[] targets) {
      this.targets = targets.clone();
    }

    @ProcessElement
    public void process(@Element KV<Row, CoGbkResult> group, OutputReceiver<Row> out) {
      Row means = group.getValue().getOnly(MEANS, null);
      for (Row row : group.getValue().getAll(ROWS)) {
        out.output(means == null ? row : fill(row, targets, means));
      }
    }
  }
}
