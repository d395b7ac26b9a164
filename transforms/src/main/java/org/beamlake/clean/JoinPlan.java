package org.beamlake.clean;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.EquivalenceNullablePolicy;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowStep;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The checked shape of one {@link JoinDatasets} and what it does with a left row and its
 * matches; shared by the broadcast and the grouped join, so that both give the same rows.
 */
final class JoinPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String rightName;
  private final boolean inner;
  private final RowKey leftKey;
  private final RowKey rightKey;
  private final int[] leftUserIndexes;
  private final int[] leftReservedIndexes;
  private final int[] rightValueIndexes;
  private final Schema rightValueSchema;
  private final Schema outputSchema;

  private JoinPlan(String rightName, boolean inner, Schema left, Schema right, List<String> keys,
      List<String> rightValues) {
    this.rightName = rightName;
    this.inner = inner;
    this.leftKey = RowKey.of(left, keys);
    this.rightKey = RowKey.of(right, keys);
    List<String> leftUser = Lineage.userFields(left);
    this.leftUserIndexes = leftUser.stream().mapToInt(left::indexOf).toArray();
    this.leftReservedIndexes = left.getFieldNames().stream()
        .filter(Lineage::isReserved).mapToInt(left::indexOf).toArray();
    this.rightValueIndexes = rightValues.stream().mapToInt(right::indexOf).toArray();
    Schema.Builder values = Schema.builder();
    rightValues.forEach(name -> values.addField(right.getField(name).withNullable(true)));
    this.rightValueSchema = values.build();
    Schema.Builder output = Schema.builder();
    leftUser.forEach(name -> output.addField(left.getField(name)));
    output.addFields(rightValueSchema.getFields());
    for (int index : leftReservedIndexes) {
      output.addField(left.getField(index));
    }
    this.outputSchema = output.build();
  }

  /** Checks that the sides can be joined on {@code keys}; every error names the right side. */
  static JoinPlan of(String rightName, boolean inner, Schema left, Schema right, List<String> keys) {
    String prefix = "join with '" + rightName + "': ";
    for (String key : keys) {
      Schema.Field l = RowKey.userColumn(left, key, prefix + "key column", " of the left side");
      Schema.Field r = RowKey.userColumn(right, key, prefix + "key column", " of '" + rightName + "'");
      if (!RowKey.isKeyable(l.getType())) {
        throw new IllegalArgumentException(String.format("%skey column '%s' has type %s, which cannot be a key",
            prefix, key, RowKey.typeName(l.getType())));
      }
      if (!l.getType().equivalent(r.getType(), EquivalenceNullablePolicy.IGNORE)) {
        throw new IllegalArgumentException(String.format("%skey column '%s' is %s on the left but %s in '%s'",
            prefix, key, RowKey.typeName(l.getType()), RowKey.typeName(r.getType()), rightName));
      }
    }
    List<String> rightValues = new ArrayList<>();
    for (String column : Lineage.userFields(right)) {
      if (keys.contains(column)) {
        continue;
      }
      if (left.hasField(column)) {
        throw new IllegalArgumentException(
            prefix + "column '" + column + "' is on both sides; rename one first");
      }
      rightValues.add(column);
    }
    return new JoinPlan(rightName, inner, left, right, keys, rightValues);
  }

  Schema outputSchema() {
    return outputSchema;
  }

  Schema rightValueSchema() {
    return rightValueSchema;
  }

  /** The left row's key, or null if a key value is null: such a row matches nothing. */
  @Nullable String leftKey(Row left) {
    return leftKey.encodeUnlessNull(left);
  }

  @Nullable String rightKey(Row right) {
    return rightKey.encodeUnlessNull(right);
  }

  /** The right row's non-key user columns: all that the join needs to keep of it. */
  Row rightValues(Row right) {
    List<Object> values = new ArrayList<>(rightValueIndexes.length);
    for (int index : rightValueIndexes) {
      values.add(right.getValue(index));
    }
    return Row.withSchema(rightValueSchema).attachValues(values);
  }

  /** A left row without a match: with null right columns for a left join, nothing for inner. */
  @Nullable Row unmatched(Row left) {
    return inner ? null : joined(left, null);
  }

  /**
   * Sends the left row on joined with its only match, or unmatched (with null right columns for a
   * left join, dropped for an inner one); when 2+ right rows match, it is rejected instead:
   * joining it with each would add rows.
   *
   * @param matches the right rows (as {@link #rightValues}) with the left row's key, or null
   */
  void emit(Row left, @Nullable Iterable<Row> matches, RowStep.Outcome out) {
    Iterator<Row> it = matches == null ? null : matches.iterator();
    Row match = it != null && it.hasNext() ? it.next() : null;
    emit(left, match, match == null ? 0 : 1 + count(it), out);
  }

  /** As {@link #emit(Row, Iterable, RowStep.Outcome)}, with the matches already counted. */
  void emit(Row left, @Nullable Row firstMatch, int matchCount, RowStep.Outcome out) {
    if (matchCount == 0) {
      Row row = unmatched(left);
      if (row == null) {
        out.drop();
      } else {
        out.row(row);
      }
    } else if (matchCount == 1) {
      out.row(joined(left, firstMatch));
    } else {
      String reason = "key " + leftKey.describe(left) + " matches " + matchCount + " rows in " + rightName;
      out.reject(QuarantinedRecord.ofRow("join", "join(" + rightName + ")", reason, left));
    }
  }

  static int count(@Nullable Iterator<Row> it) {
    int count = 0;
    for (; it != null && it.hasNext(); it.next()) {
      count++;
    }
    return count;
  }

  private Row joined(Row left, @Nullable Row rightValues) {
    List<Object> values = new ArrayList<>(outputSchema.getFieldCount());
    for (int index : leftUserIndexes) {
      values.add(left.getValue(index));
    }
    for (int i = 0; i < rightValueSchema.getFieldCount(); i++) {
      values.add(rightValues == null ? null : rightValues.getValue(i));
    }
    for (int index : leftReservedIndexes) {
      values.add(left.getValue(index));
    }
    return Row.withSchema(outputSchema).attachValues(values);
  }
}
