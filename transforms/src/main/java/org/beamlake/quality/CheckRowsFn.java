package org.beamlake.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Evaluates every row-local rule on each row, in one pass; set-based rules get an empty slot. */
class CheckRowsFn extends DoFn<Row, KV<Row, List<String>>> {
  private final @Nullable RowCheck[] checks;

  /** {@code checks[i]} is the check of rule {@code i}, or null for a set-based rule. */
  CheckRowsFn(@Nullable RowCheck[] checks) {
    this.checks = checks.clone();
  }

  @ProcessElement
  public void process(@Element Row row, OutputReceiver<KV<Row, List<String>>> out) {
    List<String> reasons = new ArrayList<>(Collections.nCopies(checks.length, (String) null));
    for (int i = 0; i < checks.length; i++) {
      if (checks[i] != null) {
        Optional<String> reason = checks[i].check(row);
        if (reason.isPresent()) {
          reasons.set(i, reason.get());
        }
      }
    }
    out.output(KV.of(row, reasons));
  }
}
