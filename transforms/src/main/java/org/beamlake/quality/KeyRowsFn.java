package org.beamlake.quality;

import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/** Keys each checked row by the comparison forms of its values in the key columns. */
class KeyRowsFn extends DoFn<KV<Row, List<String>>, KV<List<String>, KV<Row, List<String>>>> {
  private final List<String> columns;

  KeyRowsFn(List<String> columns) {
    this.columns = List.copyOf(columns);
  }

  @ProcessElement
  public void process(@Element KV<Row, List<String>> checked,
      OutputReceiver<KV<List<String>, KV<Row, List<String>>>> out) {
    out.output(KV.of(Values.keys(checked.getKey(), columns), checked));
  }
}
