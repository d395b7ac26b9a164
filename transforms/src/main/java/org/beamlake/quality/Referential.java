package org.beamlake.quality;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.schema.ColumnType;

/**
 * Refuses rows whose value is not found in a column of another dataset (a foreign key). Values
 * compare as {@link UniqueKey} compares them: numbers by value, whatever their types, so an
 * {@code int} column may reference a {@code long} one. Nulls pass: {@link NotNull} refuses them.
 *
 * <p>Evaluated by joining the distinct values of both sides (counted before the shuffle), then
 * handing the verdicts to the rows; neither dataset has to fit in memory, and a value shared by
 * millions of rows (a country code) is no hot spot (see {@link CheckRules#withHotKeyRows}).
 *
 * <p>Name {@code references(customer_id → customers.id)}; reason {@code customer_id=42 not found in
 * customers.id} (text values in single quotes).
 *
 * <pre>{@code
 * PCollection<Row> customers = ...;
 * Referential.of("customer_id", "customers", customers, "id")
 * }</pre>
 */
public final class Referential extends QualityRule {
  private final String column;
  private final String otherName;
  private final PCollection<Row> other;
  private final String otherColumn;

  private Referential(String column, String otherName, PCollection<Row> other, String otherColumn,
      RuleAction action) {
    super(action);
    this.column = column;
    this.otherName = otherName;
    this.other = other;
    this.otherColumn = otherColumn;
  }

  /**
   * A rule that each non-null value of {@code column} occurs in {@code otherColumn} of {@code
   * other}, a schema'd collection of the same pipeline called {@code otherDatasetName} in names
   * and reasons.
   */
  public static Referential of(String column, String otherDatasetName, PCollection<Row> other, String otherColumn) {
    checkColumn("references", column);
    checkArgument(otherDatasetName != null && !otherDatasetName.isBlank(),
        "references(%s): the other dataset needs a name", column);
    checkArgument(other != null, "references(%s): the other dataset %s is null", column, otherDatasetName);
    checkColumn("references(" + column + ")", otherColumn);
    return new Referential(column, otherDatasetName, other, otherColumn, RuleAction.QUARANTINE);
  }

  @Override
  public Referential withAction(RuleAction action) {
    return new Referential(column, otherName, other, otherColumn, action);
  }

  public String column() {
    return column;
  }

  public String otherDatasetName() {
    return otherName;
  }

  public PCollection<Row> other() {
    return other;
  }

  public String otherColumn() {
    return otherColumn;
  }

  @Override
  public String name() {
    return "references(" + column + " \u2192 " + otherName + "." + otherColumn + ")";
  }

  @Override
  void validate(Schema input) {
    ColumnType type = Values.columnType(name(), input, column);
    checkArgument(other.hasSchema(), "%s: %s has no schema; give it one with setRowSchema", name(), otherName);
    Schema otherSchema = other.getSchema();
    checkArgument(otherSchema.hasField(otherColumn), "%s: no column '%s' in %s; columns are %s",
        name(), otherColumn, otherName, Lineage.userFields(otherSchema));
    ColumnType otherType = Values.columnType(name(), otherSchema, otherColumn);
    checkArgument(type == otherType || (Values.isNumber(type) && Values.isNumber(otherType)),
        "%s: column %s is %s, %s.%s is %s", name(), column, type.typeName(), otherName, otherColumn,
        otherType.typeName());
  }

  /** Sets rule {@code index}'s reason on every row whose non-null value {@code other} lacks. */
  PCollection<KV<Row, List<String>>> markViolations(
      PCollection<KV<Row, List<String>>> checked, int index, Schema schema, long hotKeyRows) {
    return ReferenceJoin.markMissing(this, checked, index, schema, hotKeyRows);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Referential r && column.equals(r.column) && otherName.equals(r.otherName)
        && other == r.other && otherColumn.equals(r.otherColumn) && action() == r.action();
  }

  @Override
  public int hashCode() {
    return Objects.hash(column, otherName, System.identityHashCode(other), otherColumn, action());
  }
}
