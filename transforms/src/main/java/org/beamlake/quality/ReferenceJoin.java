package org.beamlake.quality;

import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The graph of a {@link Referential} rule. Only keys are joined with the other dataset: the rows'
 * keys are counted and the other dataset's keys deduplicated, both combined before the shuffle,
 * so each join group holds at most two counts however skewed the data; the verdicts then reach
 * the rows through {@link MarkByKey}.
 */
final class ReferenceJoin {
  static final TupleTag<Long> ROW_COUNT = new TupleTag<>("rowCount") {};
  static final TupleTag<Long> REFERENCED = new TupleTag<>("referenced") {};

  private ReferenceJoin() {}

  /** Sets rule {@code index}'s reason on every checked row whose non-null value is not referenced. */
  static PCollection<KV<Row, List<String>>> markMissing(Referential rule,
      PCollection<KV<Row, List<String>>> checked, int index, Schema schema, long hotKeyRows) {
    String step = index + " " + rule.name();
    PCollection<KV<List<String>, KV<Row, List<String>>>> keyed = checked
        .apply(step + "/KeyRows", ParDo.of(new KeyRowsFn(List.of(rule.column()))))
        .setCoder(Checked.keyedCoder(schema));
    PCollection<KV<List<String>, Long>> rowCounts = keyed
        .apply(step + "/Keys", Keys.create())
        .setCoder(Checked.stringsCoder())
        .apply(step + "/CountKeys", Count.perElement());
    PCollection<KV<List<String>, Long>> referenced = rule.other()
        .apply(step + "/ReferencedKeys", ParDo.of(new ReferencedKeyFn(rule.otherColumn())))
        .setCoder(Checked.stringsCoder())
        .apply(step + "/CountReferencedKeys", Count.perElement());
    PCollection<KV<List<String>, KV<Long, Boolean>>> verdicts = KeyedPCollectionTuple
        .of(ROW_COUNT, rowCounts)
        .and(REFERENCED, referenced)
        .apply(step + "/JoinKeys", CoGroupByKey.create())
        .apply(step + "/Verdicts", ParDo.of(new VerdictFn()))
        .setCoder(Checked.verdictsCoder());
    String column = rule.column();
    String notFound = " not found in " + rule.otherDatasetName() + "." + rule.otherColumn();
    return MarkByKey.mark(step, keyed, verdicts,
        (row, count) -> column + "=" + Values.quoted(row.getValue(column)) + notFound, index, hotKeyRows, schema);
  }

  /** The comparison form of the other dataset's value, as a one-element key; nulls reference nothing. */
  static class ReferencedKeyFn extends DoFn<Row, List<String>> {
    private final String column;

    ReferencedKeyFn(String column) {
      this.column = column;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<List<String>> out) {
      String key = Values.key(row.getValue(column));
      if (key != null) {
        out.output(List.of(key));
      }
    }
  }

  /** For each key of the rows: its row count, and whether it is missing (null values never are). */
  static class VerdictFn extends DoFn<KV<List<String>, CoGbkResult>, KV<List<String>, KV<Long, Boolean>>> {
    @ProcessElement
    public void process(@Element KV<List<String>, CoGbkResult> joined,
        OutputReceiver<KV<List<String>, KV<Long, Boolean>>> out) {
      Long rows = joined.getValue().getOnly(ROW_COUNT, null);
      if (rows == null) {
        return;
      }
      boolean isNull = joined.getKey().get(0) == null;
      boolean missing = !isNull && joined.getValue().getOnly(REFERENCED, null) == null;
      out.output(KV.of(joined.getKey(), KV.of(rows, missing)));
    }
  }
}
