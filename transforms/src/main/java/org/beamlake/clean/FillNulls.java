package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder.NonDeterministicException;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.schema.ColumnType;
import org.beamlake.schema.Rows;

/**
 * Replaces nulls with a constant, the column's mean, or the column's mean within a group.
 *
 * <pre>{@code
 * PCollection<Row> filled = rows.apply(FillNulls.create()
 *     .withConstant("OBS_STATUS", "A")
 *     .withMean("POPULATION")
 *     .withGroupMean("OBS_VALUE", List.of("REF_AREA")));
 * }</pre>
 *
 * <p>Guarantees: the same rows, as many as came in; only nulls of the configured columns change,
 * the lineage never. A constant is converted to the column's type when the pipeline is built
 * ({@code fill_nulls: value 'abc' for OBS_VALUE: expected double, got 'abc'}). A mean is over the
 * non-null values of the whole collection ({@link #withMean}) or of the rows with the same group-by
 * values, nulls forming a group of their own ({@link #withGroupMean}); where there is no non-null
 * value, nulls stay null. Means are exact and order-independent, so every runner gives the same
 * bits: a double mean is the exact sum divided once; an int or long mean is rounded to the nearest
 * integer, ties to even (2.5 becomes 2, 3.5 becomes 4); a decimal mean keeps 34 significant digits.
 * Means and groups are computed from the input, so a column cannot be both filled and a group-by
 * column of the same step (fill it in an earlier step). Group means take one {@code GroupByKey}
 * of the rows by group (a group's rows with a null wait in memory for its means); a group-by column
 * must have an exact encoding (not double). Never rejects a row.
 */
public final class FillNulls extends PTransform<PCollection<Row>, PCollection<Row>> {
  static final String STEP = "fill_nulls";
  private static final EnumSet<ColumnType> NUMERIC =
      EnumSet.of(ColumnType.INT, ColumnType.LONG, ColumnType.DOUBLE, ColumnType.DECIMAL);

  private final Map<String, Object> constants;

  /** Column to its group-by columns; an empty list for the whole-collection mean. */
  private final Map<String, List<String>> means;

  private FillNulls(Map<String, Object> constants, Map<String, List<String>> means) {
    this.constants = constants;
    this.means = means;
  }

  /** Fills nothing yet: add at least one fill with the {@code withX} methods. */
  public static FillNulls create() {
    return new FillNulls(Map.of(), Map.of());
  }

  /** Fills nulls of {@code column} with {@code value}, converted to the column's type. */
  public FillNulls withConstant(String column, Object value) {
    checkNew(column);
    checkArgument(value != null, "%s: the constant for %s must not be null", STEP, column);
    checkArgument(
        value instanceof Serializable,
        "%s: the constant for %s must be Serializable",
        STEP,
        column);
    Map<String, Object> next = new TreeMap<>(constants);
    next.put(column, value);
    return new FillNulls(Collections.unmodifiableMap(next), means);
  }

  /** Fills nulls of the numeric {@code column} with the mean of its non-null values. */
  public FillNulls withMean(String column) {
    checkNew(column);
    return withMeans(column, List.of());
  }

  /**
   * Fills nulls of the numeric {@code column} with its mean over rows with equal {@code groupBy}.
   */
  public FillNulls withGroupMean(String column, List<String> groupBy) {
    checkNew(column);
    List<String> groups = ColumnChecks.names(STEP, groupBy);
    checkArgument(
        !groups.isEmpty(), "%s: group %s by at least one column (or use withMean)", STEP, column);
    checkArgument(!groups.contains(column), "%s: %s cannot be grouped by itself", STEP, column);
    return withMeans(column, groups);
  }

  private FillNulls withMeans(String column, List<String> groupBy) {
    Map<String, List<String>> next = new TreeMap<>(means);
    next.put(column, groupBy);
    return new FillNulls(constants, Collections.unmodifiableMap(next));
  }

  private void checkNew(String column) {
    ColumnChecks.name(STEP, column);
    checkArgument(
        !constants.containsKey(column) && !means.containsKey(column),
        "%s: %s already has a fill",
        STEP,
        column);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> input) {
    checkArgument(
        !constants.isEmpty() || !means.isEmpty(),
        "%s: nothing to fill; add withConstant, withMean or withGroupMean",
        STEP);
    Schema schema = input.getSchema();
    ColumnChecks.requireColumns(STEP, schema, constants.keySet());
    ColumnChecks.requireColumns(STEP, schema, means.keySet());
    Map<List<String>, List<String>> columnsByGroup = new LinkedHashMap<>();
    means.forEach(
        (column, groupBy) -> {
          checkMeanColumn(schema, column, groupBy);
          columnsByGroup.computeIfAbsent(groupBy, g -> new ArrayList<>()).add(column);
        });
    PCollection<Row> rows = input;
    if (!constants.isEmpty()) {
      rows =
          rows.apply("FillConstants", ParDo.of(new FillConstantsFn(constantValues(schema))))
              .setRowSchema(schema);
    }
    for (Map.Entry<List<String>, List<String>> group : columnsByGroup.entrySet()) {
      String name = group.getKey().isEmpty() ? "FillMean" : "FillGroupMean" + group.getKey();
      rows = rows.apply(name, new FillMeans(group.getValue(), group.getKey()));
    }
    return rows;
  }

  private void checkMeanColumn(Schema schema, String column, List<String> groupBy) {
    Schema.FieldType type = schema.getField(column).getType();
    ColumnType columnType = ColumnChecks.exactColumnType(type);
    if (columnType == null || !NUMERIC.contains(columnType)) {
      throw new IllegalArgumentException(
          STEP
              + ": the mean of "
              + column
              + " needs an int, long, double or decimal column, but it is "
              + ColumnChecks.describe(type));
    }
    ColumnChecks.requireColumns(STEP, schema, groupBy);
    Schema.Builder key = Schema.builder();
    for (String group : groupBy) {
      checkArgument(
          !constants.containsKey(group) && !means.containsKey(group),
          "%s: %s groups the mean of %s and is filled too; fill it in an earlier step",
          STEP,
          group,
          column);
      key.addField(schema.getField(group));
    }
    try {
      RowCoder.of(key.build()).verifyDeterministic();
    } catch (NonDeterministicException e) {
      throw new IllegalArgumentException(
          STEP + ": cannot group " + column + " by " + groupBy + ": their encoding is not exact",
          e);
    }
  }

  /** The constants by field index, converted to the column types; null where nothing is filled. */
  private List<Object> constantValues(Schema schema) {
    List<Object> values = new ArrayList<>(Collections.nCopies(schema.getFieldCount(), null));
    constants.forEach(
        (column, value) -> {
          Schema.FieldType type = schema.getField(column).getType();
          ColumnType columnType = ColumnChecks.exactColumnType(type);
          if (columnType == null) {
            throw new IllegalArgumentException(
                STEP
                    + ": cannot fill "
                    + column
                    + " of type "
                    + ColumnChecks.describe(type)
                    + " with a constant");
          }
          try {
            values.set(schema.indexOf(column), columnType.convert(value));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                STEP + ": value '" + value + "' for " + column + ": " + e.getMessage(), e);
          }
        });
    return values;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(
        DisplayData.item("constants", String.valueOf(constants)).withLabel("Constant fills"));
    builder.add(
        DisplayData.item("means", String.valueOf(means))
            .withLabel("Mean fills (column=[group by])"));
  }

  /** Replaces nulls with the constants; rows with nothing to fill pass as they are. */
  static class FillConstantsFn extends DoFn<Row, Row> {
    private final ArrayList<Object> constants;

    FillConstantsFn(List<Object> constants) {
      this.constants = new ArrayList<>(constants);
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      List<Object> values = null;
      for (int i = 0; i < constants.size(); i++) {
        if (constants.get(i) != null && row.getValue(i) == null) {
          if (values == null) {
            values = new ArrayList<>(row.getValues());
          }
          values.set(i, constants.get(i));
        }
      }
      out.output(values == null ? row : Rows.of(row.getSchema(), values));
    }
  }
}
