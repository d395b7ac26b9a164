package org.beamlake.quality;

import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Refuses every row whose key (the values of the columns) occurs more than once: all rows of a
 * duplicated key violate, not all but one, since nothing says which of them is right. Nulls in
 * a key compare like values, and numbers by value (1 and 1.0 are the same key).
 *
 * <p>Evaluated by grouping on the key, so it scales with the data; keys are spread over workers.
 *
 * <p>Name {@code unique(A, B)}; reason {@code key (A, B)=(x, 1) occurs 3 times}.
 *
 * <pre>{@code
 * UniqueKey.of(List.of("REF_AREA", "TIME_PERIOD"))
 * }</pre>
 */
public final class UniqueKey extends QualityRule {
  private final List<String> columns;

  private UniqueKey(List<String> columns, RuleAction action) {
    super(action);
    this.columns = columns;
  }

  /** A rule that no two rows share the values of {@code columns}; quarantines by default. */
  public static UniqueKey of(List<String> columns) {
    return new UniqueKey(columnList("unique", columns), RuleAction.QUARANTINE);
  }

  @Override
  public UniqueKey withAction(RuleAction action) {
    return new UniqueKey(columns, action);
  }

  public List<String> columns() {
    return columns;
  }

  @Override
  public String name() {
    return "unique(" + Values.names(columns) + ")";
  }

  @Override
  void validate(Schema input) {
    columns.forEach(c -> Values.columnType(name(), input, c));
  }

  /** Sets rule {@code index}'s reason on every row of a duplicated key. */
  PCollection<KV<Row, List<String>>> markViolations(
      PCollection<KV<Row, List<String>>> checked, int index, Schema schema) {
    return checked
        .apply(index + " " + name() + "/KeyRows", ParDo.of(new KeyRowsFn(columns)))
        .setCoder(KvCoder.of(Checked.reasonsCoder(), Checked.coder(schema)))
        .apply(index + " " + name() + "/GroupByKey", GroupByKey.create())
        .apply(index + " " + name() + "/MarkDuplicates", ParDo.of(new MarkDuplicatesFn(columns, index)))
        .setCoder(Checked.coder(schema));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UniqueKey other && columns.equals(other.columns) && action() == other.action();
  }

  @Override
  public int hashCode() {
    return Objects.hash(columns, action());
  }
}
