package org.beamlake.clean;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Profiles the user columns of rows in one pass. The accumulator is small and independent of the
 * data size: the first row seen, and per column a null count and whether any value differed from
 * the first row's. Merging in any order gives the same profiles.
 */
class ProfileCombineFn extends CombineFn<Row, ProfileCombineFn.Accumulator, List<ColumnProfile>> {
  private final Schema schema;
  private final List<String> names;
  private final int[] indexes;

  ProfileCombineFn(Schema schema) {
    this.schema = schema;
    this.names = List.copyOf(Lineage.userFields(schema));
    this.indexes = names.stream().mapToInt(schema::indexOf).toArray();
  }

  /** Rows seen, the first of them, and per column: nulls, and whether a value differed. */
  static final class Accumulator {
    long rows;
    @Nullable Row first;
    final long[] nulls;
    final boolean[] differs;

    Accumulator(int columns) {
      nulls = new long[columns];
      differs = new boolean[columns];
    }
  }

  @Override
  public Accumulator createAccumulator() {
    return new Accumulator(indexes.length);
  }

  @Override
  public Accumulator addInput(Accumulator acc, Row row) {
    if (acc.first == null) {
      acc.first = row;
    }
    for (int j = 0; j < indexes.length; j++) {
      Object value = row.getValue(indexes[j]);
      if (value == null) {
        acc.nulls[j]++;
      }
      if (!acc.differs[j] && !same(acc.first.getValue(indexes[j]), value)) {
        acc.differs[j] = true;
      }
    }
    acc.rows++;
    return acc;
  }

  @Override
  public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
    Accumulator merged = createAccumulator();
    for (Accumulator acc : accumulators) {
      if (acc.rows == 0) {
        continue;
      }
      if (merged.first == null) {
        merged.first = acc.first;
      }
      for (int j = 0; j < indexes.length; j++) {
        merged.nulls[j] += acc.nulls[j];
        merged.differs[j] |=
            acc.differs[j]
                || !same(merged.first.getValue(indexes[j]), acc.first.getValue(indexes[j]));
      }
      merged.rows += acc.rows;
    }
    return merged;
  }

  @Override
  public List<ColumnProfile> extractOutput(Accumulator acc) {
    List<ColumnProfile> profiles = new ArrayList<>(indexes.length);
    for (int j = 0; j < indexes.length; j++) {
      boolean seen = acc.rows > 0;
      profiles.add(
          new ColumnProfile(
              names.get(j),
              acc.rows,
              acc.nulls[j],
              seen && !acc.differs[j],
              seen && acc.nulls[j] == acc.rows));
    }
    return profiles;
  }

  /** Value equality; decimals by value (1.0 equals 1.00), byte arrays by content. */
  private static boolean same(@Nullable Object a, @Nullable Object b) {
    if (a instanceof BigDecimal && b instanceof BigDecimal) {
      return ((BigDecimal) a).compareTo((BigDecimal) b) == 0;
    }
    if (a instanceof byte[] && b instanceof byte[]) {
      return Arrays.equals((byte[]) a, (byte[]) b);
    }
    return Objects.equals(a, b);
  }

  @Override
  public Coder<Accumulator> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
    return new AccumulatorCoder(schema, indexes.length);
  }

  @Override
  public Coder<List<ColumnProfile>> getDefaultOutputCoder(
      CoderRegistry registry, Coder<Row> inputCoder) {
    return ListCoder.of(ColumnProfileCoder.of());
  }

  /** Rows, the first row (nullable), then per column the null count and the differs flag. */
  static final class AccumulatorCoder extends CustomCoder<Accumulator> {
    private final Coder<Row> rowCoder;
    private final int columns;

    AccumulatorCoder(Schema schema, int columns) {
      this.rowCoder = NullableCoder.of(RowCoder.of(schema));
      this.columns = columns;
    }

    @Override
    public void encode(Accumulator acc, OutputStream out) throws IOException {
      VarLongCoder.of().encode(acc.rows, out);
      rowCoder.encode(acc.first, out);
      for (int j = 0; j < columns; j++) {
        VarLongCoder.of().encode(acc.nulls[j], out);
        BooleanCoder.of().encode(acc.differs[j], out);
      }
    }

    @Override
    public Accumulator decode(InputStream in) throws IOException {
      Accumulator acc = new Accumulator(columns);
      acc.rows = VarLongCoder.of().decode(in);
      acc.first = rowCoder.decode(in);
      for (int j = 0; j < columns; j++) {
        acc.nulls[j] = VarLongCoder.of().decode(in);
        acc.differs[j] = BooleanCoder.of().decode(in);
      }
      return acc;
    }
  }
}
