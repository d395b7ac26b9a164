package org.beamlake.quality;

import java.util.List;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/** The graph of a {@link Referential} rule: rows joined with the referenced keys by value. */
final class ReferenceJoin {
  static final TupleTag<KV<String, KV<Row, List<String>>>> KEYED = new TupleTag<>("keyed") {};
  static final TupleTag<KV<Row, List<String>>> NULL_VALUES = new TupleTag<>("nullValues") {};
  static final TupleTag<KV<Row, List<String>>> ROWS = new TupleTag<>("rows") {};
  static final TupleTag<Boolean> REFERENCED = new TupleTag<>("referenced") {};

  private ReferenceJoin() {}

  /** Sets rule {@code index}'s reason on every checked row whose non-null value is not referenced. */
  static PCollection<KV<Row, List<String>>> markMissing(
      Referential rule, PCollection<KV<Row, List<String>>> checked, int index, Schema schema) {
    String step = index + " " + rule.name();
    String reasonSuffix = " not found in " + rule.otherDatasetName() + "." + rule.otherColumn();
    // Rows with a null value pass and need not be shuffled.
    PCollectionTuple split = checked.apply(step + "/KeyRows",
        ParDo.of(new KeyByValueFn(rule.column())).withOutputTags(KEYED, TupleTagList.of(NULL_VALUES)));
    PCollection<KV<String, KV<Row, List<String>>>> keyed =
        split.get(KEYED).setCoder(KvCoder.of(StringUtf8Coder.of(), Checked.coder(schema)));
    PCollection<KV<String, Boolean>> referenced = rule.other()
        .apply(step + "/KeyReferenced", ParDo.of(new ReferencedKeyFn(rule.otherColumn())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), BooleanCoder.of()));
    PCollection<KV<Row, List<String>>> marked = KeyedPCollectionTuple.of(ROWS, keyed)
        .and(REFERENCED, referenced)
        .apply(step + "/Join", CoGroupByKey.create())
        .apply(step + "/MarkMissing", ParDo.of(new MarkMissingFn(rule.column(), index, reasonSuffix)))
        .setCoder(Checked.coder(schema));
    return PCollectionList.of(marked)
        .and(split.get(NULL_VALUES).setCoder(Checked.coder(schema)))
        .apply(step + "/Merge", Flatten.pCollections());
  }

  static class KeyByValueFn extends DoFn<KV<Row, List<String>>, KV<String, KV<Row, List<String>>>> {
    private final String column;

    KeyByValueFn(String column) {
      this.column = column;
    }

    @ProcessElement
    public void process(@Element KV<Row, List<String>> checked, MultiOutputReceiver out) {
      String key = Values.key(checked.getKey().getValue(column));
      if (key == null) {
        out.get(NULL_VALUES).output(checked);
      } else {
        out.get(KEYED).output(KV.of(key, checked));
      }
    }
  }

  static class ReferencedKeyFn extends DoFn<Row, KV<String, Boolean>> {
    private final String column;

    ReferencedKeyFn(String column) {
      this.column = column;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<String, Boolean>> out) {
      String key = Values.key(row.getValue(column));
      if (key != null) {
        out.output(KV.of(key, true));
      }
    }
  }

  static class MarkMissingFn extends DoFn<KV<String, CoGbkResult>, KV<Row, List<String>>> {
    private final String column;
    private final int index;
    private final String reasonSuffix;

    MarkMissingFn(String column, int index, String reasonSuffix) {
      this.column = column;
      this.index = index;
      this.reasonSuffix = reasonSuffix;
    }

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<KV<Row, List<String>>> out) {
      boolean found = joined.getValue().getAll(REFERENCED).iterator().hasNext();
      for (KV<Row, List<String>> checked : joined.getValue().getAll(ROWS)) {
        if (found) {
          out.output(checked);
        } else {
          Object value = checked.getKey().getValue(column);
          out.output(Checked.withReason(checked, index, column + "=" + Values.quoted(value) + reasonSuffix));
        }
      }
    }
  }
}
