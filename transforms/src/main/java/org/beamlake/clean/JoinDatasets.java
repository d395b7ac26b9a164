package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
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
import org.beamlake.quarantine.QuarantinedRecordCoder;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.RowStep;
import org.beamlake.quarantine.RunRowStep;
import org.beamlake.quarantine.StepCounts;

/**
 * Joins rows with another dataset on key columns, adding the other dataset's columns: a lookup
 * of a dimension table, one match per row.
 *
 * <pre>{@code
 * RowResult enriched = observations.apply(
 *     JoinDatasets.with("countries", countries, List.of("REF_AREA")).left());
 * enriched.rows();     // observation columns, then country columns, then lineage
 * enriched.rejects();  // observations whose REF_AREA matches 2+ countries
 * }</pre>
 *
 * <p>Output schema: the left user columns, then the right side's non-key user columns (made
 * nullable), then the left lineage column; the right lineage is dropped. A non-key column on both
 * sides, an unknown key column or key columns of different types fail when the pipeline is built.
 *
 * <p>Guarantees: the right side must be unique by key. A left row whose key matches exactly one
 * right row gives one joined row. One that matches 2 or more is rejected (step {@code join}, rule
 * {@code join(<name>)}, reason {@code key (A, B)=(1, x) matches 2 rows in <name>}), so the row
 * count never grows. A left row without a match (null keys never match) gives a row with null
 * right columns for a {@link #left()} join (the default) and nothing for an {@link #inner()} join.
 * Broadcast and grouped joins give the same rows.
 *
 * <p>The result's {@link RowResult#counts} say how many left rows came in ({@link StepCounts#IN})
 * and where each went: {@link StepCounts#ROWS}, {@link StepCounts#REJECTS}, or {@link
 * StepCounts#DROPPED} (an inner join's rows without a match); in = rows + rejects + dropped.
 */
public final class JoinDatasets extends PTransform<PCollection<Row>, RowResult> {
  private final String rightName;
  private final transient PCollection<Row> right;
  private final List<String> keys;
  private final boolean inner;
  private final boolean broadcast;

  private JoinDatasets(String rightName, PCollection<Row> right, List<String> keys, boolean inner,
      boolean broadcast) {
    this.rightName = rightName;
    this.right = right;
    this.keys = keys;
    this.inner = inner;
    this.broadcast = broadcast;
  }

  /**
   * A left join with {@code right}, named {@code rightName} in errors and rejects, on {@code keys}
   * (columns of the same name and type on both sides), broadcasting the right side.
   */
  public static JoinDatasets with(String rightName, PCollection<Row> right, List<String> keys) {
    checkArgument(rightName != null && !rightName.isBlank(), "rightName must not be blank, got %s", rightName);
    checkArgument(right != null, "right must not be null (join with '%s')", rightName);
    return new JoinDatasets(rightName, right, RowKey.checkKeyColumns("keys", keys), false, true);
  }

  /** Drops left rows without a match. */
  public JoinDatasets inner() {
    return new JoinDatasets(rightName, right, keys, true, broadcast);
  }

  /** Keeps left rows without a match, with null right columns (the default). */
  public JoinDatasets left() {
    return new JoinDatasets(rightName, right, keys, false, broadcast);
  }

  /**
   * Whether the right side is sent whole to every worker as a side input (true, the default: for
   * small dimension tables, no shuffle of the left side) or both sides are grouped by key (false:
   * for a right side too big for memory).
   */
  public JoinDatasets broadcast(boolean broadcast) {
    return new JoinDatasets(rightName, right, keys, inner, broadcast);
  }

  @Override
  public RowResult expand(PCollection<Row> input) {
    JoinPlan plan = plan(input);
    PCollection<KV<String, Row>> keyedRight = keyRight("", plan);
    if (broadcast) {
      return input.apply("Join", RunRowStep.of(broadcastStep("", plan, keyedRight)));
    }
    return groupedJoin(input, keyedRight, plan);
  }

  /**
   * This broadcast join as a {@link RowStep}, for a DoFn that runs it itself, such as the trusted
   * writer's ({@code WriteParquet.inBundles(...).afterStep}); applies the keying of the right side
   * and its side input under {@code name}. The step's rows, rejects and counts are the join's.
   *
   * @param left the schema of the rows the step will be given
   */
  public RowStep asRowStep(String name, Schema left) {
    checkArgument(broadcast, "join with '%s': only a broadcast join runs as a row step", rightName);
    checkArgument(right.hasSchema(), "join with '%s': the right side has no schema; set one with setRowSchema", rightName);
    JoinPlan plan = plan(left, right.getSchema());
    return broadcastStep(name + "/", plan, keyRight(name + "/", plan));
  }

  private JoinPlan plan(PCollection<Row> input) {
    String prefix = "join with '" + rightName + "': ";
    checkArgument(input.hasSchema(), "%sthe left side has no schema; set one with setRowSchema", prefix);
    checkArgument(right.hasSchema(), "%sthe right side has no schema; set one with setRowSchema", prefix);
    return plan(input.getSchema(), right.getSchema());
  }

  private JoinPlan plan(Schema left, Schema rightSchema) {
    return JoinPlan.of(rightName, inner, left, rightSchema, keys);
  }

  private PCollection<KV<String, Row>> keyRight(String prefix, JoinPlan plan) {
    return right
        .apply(prefix + "KeyRight", ParDo.of(new JoinFns.KeyRight(plan)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RowCoder.of(plan.rightValueSchema())));
  }

  private static RowStep broadcastStep(String prefix, JoinPlan plan, PCollection<KV<String, Row>> keyedRight) {
    PCollectionView<Map<String, Iterable<Row>>> view = keyedRight.apply(prefix + "RightByKey", View.asMultimap());
    return new JoinFns.Broadcast(plan, view);
  }

  private static RowResult groupedJoin(
      PCollection<Row> left, PCollection<KV<String, Row>> keyedRight, JoinPlan plan) {
    PCollectionTuple keyedLeft = left.apply("KeyLeft", ParDo.of(new JoinFns.KeyLeft(plan))
        .withOutputTags(JoinFns.KeyLeft.KEYED, TupleTagList.of(RowResult.ROWS).and(RowResult.COUNTS)));
    PCollection<Row> nullKeys = keyedLeft.get(RowResult.ROWS).setRowSchema(plan.outputSchema());
    TupleTag<Row> leftTag = new TupleTag<>("left");
    TupleTag<Row> rightTag = new TupleTag<>("right");
    PCollection<KV<String, CoGbkResult>> groups = KeyedPCollectionTuple
        .of(leftTag, keyedLeft.get(JoinFns.KeyLeft.KEYED)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), left.getCoder())))
        .and(rightTag, keyedRight)
        .apply("GroupByKey", CoGroupByKey.create());
    PCollectionTuple joined = groups.apply("Join", ParDo.of(new JoinFns.Grouped(plan, leftTag, rightTag))
        .withOutputTags(RowResult.ROWS, TupleTagList.of(RowResult.REJECTS).and(RowResult.COUNTS)));
    PCollection<Row> rows = PCollectionList.of(nullKeys)
        .and(joined.get(RowResult.ROWS).setRowSchema(plan.outputSchema()))
        .apply("AllRows", Flatten.pCollections())
        .setRowSchema(plan.outputSchema());
    PCollection<KV<String, Long>> counts = PCollectionList
        .of(keyedLeft.get(RowResult.COUNTS).setCoder(StepCounts.coder()))
        .and(joined.get(RowResult.COUNTS).setCoder(StepCounts.coder()))
        .apply("AllCounts", Flatten.pCollections());
    return RowResult.of(rows, joined.get(RowResult.REJECTS).setCoder(QuarantinedRecordCoder.of()), counts);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("right", rightName).withLabel("Joined with"))
        .add(DisplayData.item("keys", String.join(", ", keys)).withLabel("Key columns"))
        .add(DisplayData.item("join", inner ? "inner" : "left").withLabel("Join type"))
        .add(DisplayData.item("broadcast", broadcast).withLabel("Right side as side input"));
  }
}
