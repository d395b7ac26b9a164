package org.beamlake.schema;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Rows built from values that already have the schema's Java types: values read from another row
 * of the same column types, or produced by {@link ColumnType#parse} and {@link ColumnType#convert}.
 *
 * <p>Why not {@code Row.withSchema(s).addValues(v).build()}: {@code build()} walks every field
 * through Beam's field matcher, resolving a field access descriptor per field, to check and
 * normalize values that are already right. Per row, on the ETL path, that was a fifth of the CPU
 * of the benchmark's ETL stage (see BENCHMARKS.md). A wrong value type still fails, when the row is
 * encoded, so this is only for values whose type the caller guarantees.
 */
public final class Rows {
  private Rows() {}

  /** A row of {@code schema} holding {@code values} (one per field, in order), as they are. */
  public static Row of(Schema schema, List<Object> values) {
    checkArgument(values.size() == schema.getFieldCount(), "a row of %s fields needs %s values, got %s",
        schema.getFieldCount(), schema.getFieldCount(), values.size());
    return Row.withSchema(schema).attachValues(values);
  }

  /** A row of {@code schema} whose field {@code i} is {@code row}'s field {@code indexes[i]}. */
  public static Row select(Schema schema, Row row, int[] indexes) {
    List<Object> values = new ArrayList<>(indexes.length);
    for (int index : indexes) {
      values.add(row.getValue(index));
    }
    return of(schema, values);
  }
}
