package org.beamlake.quality;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Refuses every row whose key (the values of the columns) occurs more than once: all rows of a
 * duplicated key violate, not all but one, since nothing says which of them is right. Nulls in
 * a key compare like values, and numbers by value (1 and 1.0 are the same key).
 *
 * <p>Evaluated by counting the keys (combined before the shuffle) and joining the counts back to
 * the rows, without holding all rows of a key in memory (see {@link CheckRules#withHotKeyRows}).
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
      PCollection<KV<Row, List<String>>> checked, int index, Schema schema, long hotKeyRows) {
    String step = index + " " + name();
    PCollection<KV<List<String>, KV<Row, List<String>>>> keyed = checked
        .apply(step + "/KeyRows", ParDo.of(new KeyRowsFn(columns)))
        .setCoder(Checked.keyedCoder(schema));
    PCollection<KV<List<String>, KV<Long, Boolean>>> verdicts = keyed
        .apply(step + "/Keys", Keys.create())
        .setCoder(Checked.stringsCoder())
        .apply(step + "/CountKeys", Count.perElement())
        .apply(step + "/Verdicts", MapElements.into(Checked.VERDICT_TYPE)
            .via(c -> KV.of(c.getKey(), KV.of(c.getValue(), c.getValue() > 1))))
        .setCoder(Checked.verdictsCoder());
    List<String> keyColumns = columns;
    return MarkByKey.mark(
        step, keyed, verdicts, (row, count) -> reason(keyColumns, row, count), index, hotKeyRows, schema);
  }

  private static String reason(List<String> columns, Row row, long count) {
    String values = columns.stream().map(c -> Values.plain(row.getValue(c))).collect(Collectors.joining(", "));
    return "key (" + Values.names(columns) + ")=(" + values + ") occurs " + count + " times";
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
