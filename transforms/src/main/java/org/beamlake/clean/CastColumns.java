package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;
import org.beamlake.schema.ColumnType;
import org.beamlake.schema.Rows;

/**
 * Changes the types of some columns, converting each value with {@link ColumnType#convert}.
 *
 * <pre>{@code
 * RowResult typed =
 *     rows.apply(CastColumns.of(Map.of("OBS_VALUE", ColumnType.DOUBLE, "YEAR", ColumnType.INT)));
 * }</pre>
 *
 * <p>Guarantees: every input row is either in {@link RowResult#rows()}, with the cast columns of
 * their new (nullable) types and every other column, the lineage included, unchanged; or in {@link
 * RowResult#rejects()} as one {@link QuarantinedRecord} with step {@value #STEP}, no rule, the row
 * as it came in as payload, and a reason naming every value that would not convert, in schema
 * order: {@code OBS_VALUE: expected double, got 'n/a'; YEAR: expected int, got '1.5'}. Nulls stay
 * null. Conversions are never lossy (1.5 does not become an int). Naming a column the input does
 * not have fails at pipeline construction: {@code cast: no column 'X'; columns are [A, B]}.
 */
public final class CastColumns extends PTransform<PCollection<Row>, RowResult> {
  static final String STEP = "cast";

  private final Map<String, ColumnType> types;

  private CastColumns(Map<String, ColumnType> types) {
    this.types = types;
  }

  /** Casts each named column to its type; at least one column, none reserved. */
  public static CastColumns of(Map<String, ColumnType> types) {
    checkArgument(
        types != null && !types.isEmpty(), "%s: types must name at least one column", STEP);
    Map<String, ColumnType> copy = new TreeMap<>();
    types.forEach(
        (column, type) -> {
          ColumnChecks.name(STEP, column);
          checkArgument(type != null, "%s: no type for column '%s'", STEP, column);
          copy.put(column, type);
        });
    return new CastColumns(Collections.unmodifiableMap(copy));
  }

  /** The columns and the types they are cast to, by column name. */
  public Map<String, ColumnType> types() {
    return types;
  }

  @Override
  public RowResult expand(PCollection<Row> input) {
    Schema inputSchema = input.getSchema();
    ColumnChecks.requireColumns(STEP, inputSchema, types.keySet());
    Schema.Builder output = Schema.builder();
    ColumnType[] targets = new ColumnType[inputSchema.getFieldCount()];
    for (int i = 0; i < targets.length; i++) {
      Schema.Field field = inputSchema.getField(i);
      targets[i] = types.get(field.getName());
      output.addField(targets[i] == null ? field : field.withType(targets[i].fieldType()));
    }
    Schema outputSchema = output.build();
    PCollectionTuple tuple =
        input.apply(
            "CastValues",
            ParDo.of(new CastValuesFn(outputSchema, targets))
                .withOutputTags(RowResult.ROWS, TupleTagList.of(RowResult.REJECTS)));
    tuple.get(RowResult.ROWS).setRowSchema(outputSchema);
    return RowResult.of(tuple);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(
        DisplayData.item(
                "types",
                types.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue().typeName())
                    .collect(Collectors.joining(", ")))
            .withLabel("Column types"));
  }

  /** Converts the values of the cast columns; a row with any failure is rejected whole. */
  static class CastValuesFn extends DoFn<Row, Row> {
    private final Schema outputSchema;
    private final ColumnType[] targets;

    CastValuesFn(Schema outputSchema, ColumnType[] targets) {
      this.outputSchema = outputSchema;
      this.targets = targets.clone();
    }

    @ProcessElement
    public void process(@Element Row row, MultiOutputReceiver out) {
      List<Object> values = new ArrayList<>(targets.length);
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < targets.length; i++) {
        Object value = row.getValue(i);
        if (targets[i] == null) {
          values.add(value);
          continue;
        }
        try {
          values.add(targets[i].convert(value));
        } catch (IllegalArgumentException e) {
          failures.add(outputSchema.getField(i).getName() + ": " + e.getMessage());
          values.add(null);
        }
      }
      if (failures.isEmpty()) {
        out.get(RowResult.ROWS).output(Rows.of(outputSchema, values));
      } else {
        String reason = String.join("; ", failures);
        out.get(RowResult.REJECTS).output(QuarantinedRecord.ofRow(STEP, null, reason, row));
      }
    }
  }
}
