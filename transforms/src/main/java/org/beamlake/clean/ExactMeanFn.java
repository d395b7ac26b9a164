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
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.values.Row;
import org.beamlake.schema.ColumnType;
import org.beamlake.schema.Rows;
import org.beamlake.sql.ExactSum;

/**
 * The means of some numeric columns of rows, as one row of those columns (null where a column had
 * no non-null value).
 *
 * <p>Sums are exact ({@link ExactSum}: doubles and integers as a short list of non-overlapping
 * doubles, decimals as a {@link BigDecimal}; a double is added by its exact binary value) and the
 * division happens once, in {@link #extractOutput}, so the result does not depend on the order in
 * which a runner adds and merges values: DirectRunner and Spark agree to the bit. Infinities and
 * NaN are summed apart, in double arithmetic, which is order-independent for them alone.
 */
class ExactMeanFn extends CombineFn<Row, ExactMeanFn.Sums, Row> {
  /** Integers up to this magnitude are doubles exactly. */
  private static final long EXACT_LONG = 1L << 53;

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

  /** Per column: the exact sum of finite values, their count, and the sum of non-finite ones. */
  static final class Sums {
    final ExactSum[] sums;
    final long[] counts;
    final double[] nonFinite;

    Sums(int columns) {
      sums = new ExactSum[columns];
      for (int j = 0; j < columns; j++) {
        sums[j] = new ExactSum();
      }
      counts = new long[columns];
      nonFinite = new double[columns];
    }
  }

  @Override
  public Sums createAccumulator() {
    return new Sums(indexes.length);
  }

  @Override
  public Sums addInput(Sums acc, Row row) {
    for (int j = 0; j < indexes.length; j++) {
      Object value = row.getValue(indexes[j]);
      if (value == null) {
        continue;
      }
      acc.counts[j]++;
      if (value instanceof Double d) {
        if (Double.isFinite(d)) {
          acc.sums[j].add(d.doubleValue());
        } else {
          acc.nonFinite[j] += d;
        }
      } else if (value instanceof BigDecimal decimal) {
        acc.sums[j].add(decimal);
      } else {
        add(acc.sums[j], ((Number) value).longValue());
      }
    }
    return acc;
  }

  /** An integer as a double where that is exact (up to 2^53 in magnitude), else as a decimal. */
  private static void add(ExactSum sum, long value) {
    if (Math.abs(value) <= EXACT_LONG) {
      sum.add((double) value);
    } else {
      sum.add(BigDecimal.valueOf(value));
    }
  }

  @Override
  public Sums mergeAccumulators(Iterable<Sums> accumulators) {
    Sums merged = createAccumulator();
    for (Sums acc : accumulators) {
      for (int j = 0; j < indexes.length; j++) {
        merged.sums[j].add(acc.sums[j]);
        merged.counts[j] += acc.counts[j];
        merged.nonFinite[j] += acc.nonFinite[j];
      }
    }
    return merged;
  }

  @Override
  public Row extractOutput(Sums acc) {
    List<Object> means = new ArrayList<>(indexes.length);
    for (int j = 0; j < indexes.length; j++) {
      means.add(acc.counts[j] == 0 ? null : mean(types[j], acc.sums[j], acc.counts[j], acc.nonFinite[j]));
    }
    return Rows.of(meanSchema, means);
  }

  /**
   * int and long means are rounded half-even; double means are the double nearest the exact mean;
   * decimal means keep 34 significant digits.
   */
  private static Object mean(ColumnType type, ExactSum sum, long count, double nonFinite) {
    BigDecimal n = BigDecimal.valueOf(count);
    switch (type) {
      case INT:
        return sum.toBigDecimal().divide(n, 0, RoundingMode.HALF_EVEN).intValueExact();
      case LONG:
        return sum.toBigDecimal().divide(n, 0, RoundingMode.HALF_EVEN).longValueExact();
      case DOUBLE:
        return nonFinite != 0 ? nonFinite : sum.nearestQuotient(count);
      case DECIMAL:
        return sum.toBigDecimal().divide(n, MathContext.DECIMAL128);
      default:
        throw new IllegalStateException("no mean for " + type);
    }
  }

  @Override
  public Coder<Sums> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
    return new SumsCoder(indexes.length);
  }

  @Override
  public Coder<Row> getDefaultOutputCoder(CoderRegistry registry, Coder<Row> inputCoder) {
    return RowCoder.of(meanSchema);
  }

  /** Per column: sum, count, non-finite sum. */
  static final class SumsCoder extends CustomCoder<Sums> {
    private static final ExactSum.Coder SUM = new ExactSum.Coder();
    private final int columns;

    SumsCoder(int columns) {
      this.columns = columns;
    }

    @Override
    public void encode(Sums acc, OutputStream out) throws IOException {
      for (int j = 0; j < columns; j++) {
        SUM.encode(acc.sums[j], out);
        VarLongCoder.of().encode(acc.counts[j], out);
        DoubleCoder.of().encode(acc.nonFinite[j], out);
      }
    }

    @Override
    public Sums decode(InputStream in) throws IOException {
      Sums acc = new Sums(columns);
      for (int j = 0; j < columns; j++) {
        acc.sums[j] = SUM.decode(in);
        acc.counts[j] = VarLongCoder.of().decode(in);
        acc.nonFinite[j] = DoubleCoder.of().decode(in);
      }
      return acc;
    }
  }
}
