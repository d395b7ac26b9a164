package org.beamlake.stage;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Passes elements through unchanged and counts them in the Beam counter {@code beamlake/<name>},
 * which the stage reads after its pipeline ran: how the read = written + quarantined + dropped
 * invariant is measured on every runner.
 */
final class CountRows<T> extends PTransform<PCollection<T>, PCollection<T>> {
  static final String NAMESPACE = "beamlake";

  private final String counter;

  private CountRows(String counter) {
    this.counter = counter;
  }

  static <T> CountRows<T> as(String counter) {
    return new CountRows<>(counter);
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    PCollection<T> out = input.apply(ParDo.of(new CountFn<T>(counter)));
    // The input's coder (a SchemaCoder for rows) keeps the schema on the output.
    return out.setCoder(input.getCoder());
  }

  static final class CountFn<T> extends DoFn<T, T> {
    private final Counter count;

    CountFn(String counter) {
      this.count = Metrics.counter(NAMESPACE, counter);
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<T> out) {
      count.inc();
      out.output(element);
    }
  }
}
