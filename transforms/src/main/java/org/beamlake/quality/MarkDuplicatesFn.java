package org.beamlake.quality;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/** Sets the rule's reason on every row of a key that occurs more than once. */
class MarkDuplicatesFn extends DoFn<KV<List<String>, Iterable<KV<Row, List<String>>>>, KV<Row, List<String>>> {
  private final List<String> columns;
  private final int index;

  MarkDuplicatesFn(List<String> columns, int index) {
    this.columns = columns;
    this.index = index;
  }

  @ProcessElement
  public void process(@Element KV<List<String>, Iterable<KV<Row, List<String>>>> group,
      OutputReceiver<KV<Row, List<String>>> out) {
    // Two passes over the group (GroupByKey results may be iterated again): count, then emit.
    long count = 0;
    Row first = null;
    for (KV<Row, List<String>> checked : group.getValue()) {
      first = first == null ? checked.getKey() : first;
      count++;
    }
    if (count == 1) {
      out.output(group.getValue().iterator().next());
      return;
    }
    String reason = reason(first, count);
    for (KV<Row, List<String>> checked : group.getValue()) {
      out.output(Checked.withReason(checked, index, reason));
    }
  }

  private String reason(Row row, long count) {
    String values = columns.stream().map(c -> Values.plain(row.getValue(c))).collect(Collectors.joining(", "));
    return "key (" + Values.names(columns) + ")=(" + values + ") occurs " + count + " times";
  }
}
