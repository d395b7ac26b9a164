package org.beamlake.clean;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.values.Row;
import org.beamlake.schema.ColumnType;
import org.beamlake.schema.Rows;
import org.beamlake.sql.ExactMean;

/**
 * The means of some numeric columns of rows, as one row of those columns (null where a column had
 * no non-null value).
 *
 * <p>Each column's values are kept in an {@link ExactMean} (exact sums: doubles and integers as a
 * short list of non-overlapping doubles, decimals as a {@link BigDecimal}; a double is added by its
 * exact binary value; NaN and infinities summed apart) and the division happens once, in {@link
 * #extractOutput}, so the result does not depend on the order in which a runner adds and merges
 * values: DirectRunner and Spark agree to the bit.
 */
class ExactMeanFn extends CombineFn<Row, ExactMean[], Row> {
  private final int[] indexes;
  private final ColumnType[] types;
  private final Schema meanSchema;

  /**
   * Means of {@code columns} of rows in {@code schema}; each must be int, long, double or decimal.
   */
  ExactMeanFn(Schema schema, List<String> columns) {
    indexes = columns.stream().mapToInt(schema::indexOf).toArray();
    types = new ColumnType[indexes.length];
    Schema.Builder means = Schema.builder();
    for (int j = 0; j < indexes.length; j++) {
      types[j] = ColumnChecks.exactColumnType(schema.getField(indexes[j]).getType());
      means.addField(columns.get(j), types[j].fieldType());
    }
    meanSchema = means.build();
  }

  /** The schema of the output: the averaged columns, nullable. */
  Schema meanSchema() {
    return meanSchema;
  }

  /** One {@link ExactMean} per column. */
  @Override
  public ExactMean[] createAccumulator() {
    ExactMean[] means = new ExactMean[indexes.length];
    for (int j = 0; j < means.length; j++) {
      means[j] = new ExactMean();
    }
    return means;
  }

  @Override
  public ExactMean[] addInput(ExactMean[] acc, Row row) {
    for (int j = 0; j < indexes.length; j++) {
      Object value = row.getValue(indexes[j]);
      if (value != null) {
        acc[j].add((Number) value);
      }
    }
    return acc;
  }

  @Override
  public ExactMean[] mergeAccumulators(Iterable<ExactMean[]> accumulators) {
    ExactMean[] merged = createAccumulator();
    for (ExactMean[] acc : accumulators) {
      for (int j = 0; j < indexes.length; j++) {
        merged[j].merge(acc[j]);
      }
    }
    return merged;
  }

  @Override
  public Row extractOutput(ExactMean[] acc) {
    List<Object> means = new ArrayList<>(indexes.length);
    for (int j = 0; j < indexes.length; j++) {
      means.add(acc[j].count() == 0 ? null : mean(types[j], acc[j]));
    }
    return Rows.of(meanSchema, means);
  }

  /**
   * int and long means are rounded half-even; double means are the double nearest the exact mean;
   * decimal means keep 34 significant digits.
   */
  private static Object mean(ColumnType type, ExactMean mean) {
    BigDecimal n = BigDecimal.valueOf(mean.count());
    switch (type) {
      case INT:
        return mean.sum().toBigDecimal().divide(n, 0, RoundingMode.HALF_EVEN).intValueExact();
      case LONG:
        return mean.sum().toBigDecimal().divide(n, 0, RoundingMode.HALF_EVEN).longValueExact();
      case DOUBLE:
        return mean.nearestDouble();
      case DECIMAL:
        return mean.sum().toBigDecimal().divide(n, MathContext.DECIMAL128);
      default:
        throw new IllegalStateException("no mean for " + type);
    }
  }

  @Override
  public Coder<ExactMean[]> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
    return new MeansCoder(indexes.length);
  }

  @Override
  public Coder<Row> getDefaultOutputCoder(CoderRegistry registry, Coder<Row> inputCoder) {
    return RowCoder.of(meanSchema);
  }

  /** Per column, the column's {@link ExactMean}. */
  static final class MeansCoder extends CustomCoder<ExactMean[]> {
    private static final ExactMean.Coder MEAN = new ExactMean.Coder();
    private final int columns;

    MeansCoder(int columns) {
      this.columns = columns;
    }

    @Override
    public void encode(ExactMean[] acc, OutputStream out) throws IOException {
      for (int j = 0; j < columns; j++) {
        MEAN.encode(acc[j], out);
      }
    }

    @Override
    public ExactMean[] decode(InputStream in) throws IOException {
      ExactMean[] acc = new ExactMean[columns];
      for (int j = 0; j < columns; j++) {
        acc[j] = MEAN.decode(in);
      }
      return acc;
    }
  }
}
