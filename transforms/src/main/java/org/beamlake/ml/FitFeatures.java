package org.beamlake.ml;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Fits the feature assembly on training rows in one pass: exact sums and sums of squares of the
 * numeric columns (sample standard deviation, as Spark's {@code StandardScaler}) and the sorted
 * set of each categorical column's values. One element out, also for empty input (mean 0, std 0).
 */
public final class FitFeatures extends PTransform<PCollection<Row>, PCollection<FittedFeatures>> {
  private final FeatureSpec spec;

  private FitFeatures(FeatureSpec spec) {
    this.spec = spec;
  }

  public static FitFeatures of(FeatureSpec spec) {
    return new FitFeatures(spec);
  }

  @Override
  public PCollection<FittedFeatures> expand(PCollection<Row> rows) {
    spec.check(rows.getSchema(), "fit features");
    return rows.apply("FeatureStats", Combine.globally(new StatsFn(spec)))
        .setCoder(SerializableCoder.of(FittedFeatures.class));
  }

  /** Per numeric column sum and sum of squares, the row count, per categorical column its values. */
  static final class Stats implements Serializable {
    final BigDecimal[] sums;
    final BigDecimal[] squares;
    long count;
    final List<TreeSet<String>> categories = new ArrayList<>();

    Stats(FeatureSpec spec) {
      sums = new BigDecimal[spec.numeric().size()];
      squares = new BigDecimal[spec.numeric().size()];
      Arrays.fill(sums, BigDecimal.ZERO);
      Arrays.fill(squares, BigDecimal.ZERO);
      spec.categorical().forEach(c -> categories.add(new TreeSet<>()));
    }
  }

  static final class StatsFn extends CombineFn<Row, Stats, FittedFeatures> {
    private final FeatureSpec spec;

    StatsFn(FeatureSpec spec) {
      this.spec = spec;
    }

    @Override
    public Stats createAccumulator() {
      return new Stats(spec);
    }

    @Override
    public Stats addInput(Stats stats, Row row) {
      for (int j = 0; j < stats.sums.length; j++) {
        BigDecimal value = new BigDecimal(FittedFeatures.toDouble(row.getValue(spec.numeric().get(j))));
        stats.sums[j] = stats.sums[j].add(value);
        stats.squares[j] = stats.squares[j].add(value.multiply(value));
      }
      for (int j = 0; j < stats.categories.size(); j++) {
        stats.categories.get(j).add(String.valueOf((Object) row.getValue(spec.categorical().get(j))));
      }
      stats.count++;
      return stats;
    }

    @Override
    public Stats mergeAccumulators(Iterable<Stats> accumulators) {
      Stats merged = createAccumulator();
      for (Stats stats : accumulators) {
        for (int j = 0; j < merged.sums.length; j++) {
          merged.sums[j] = merged.sums[j].add(stats.sums[j]);
          merged.squares[j] = merged.squares[j].add(stats.squares[j]);
        }
        for (int j = 0; j < merged.categories.size(); j++) {
          merged.categories.get(j).addAll(stats.categories.get(j));
        }
        merged.count += stats.count;
      }
      return merged;
    }

    @Override
    public FittedFeatures extractOutput(Stats stats) {
      List<FittedFeatures.Numeric> numeric = new ArrayList<>();
      BigDecimal n = BigDecimal.valueOf(stats.count);
      for (int j = 0; j < stats.sums.length; j++) {
        String name = spec.numeric().get(j);
        if (!spec.scale()) {
          numeric.add(new FittedFeatures.Numeric(name, 0, 1));
          continue;
        }
        double mean = stats.count == 0 ? 0 : stats.sums[j].divide(n, ExactSums.PRECISION).doubleValue();
        double std = 0;
        if (stats.count > 1) {
          BigDecimal centered =
              stats.squares[j].subtract(stats.sums[j].multiply(stats.sums[j]).divide(n, ExactSums.PRECISION));
          std = Math.sqrt(centered.divide(BigDecimal.valueOf(stats.count - 1), ExactSums.PRECISION).doubleValue());
        }
        numeric.add(new FittedFeatures.Numeric(name, mean, std));
      }
      List<FittedFeatures.Categorical> categorical = new ArrayList<>();
      for (int j = 0; j < stats.categories.size(); j++) {
        categorical.add(
            new FittedFeatures.Categorical(spec.categorical().get(j), List.copyOf(stats.categories.get(j))));
      }
      return new FittedFeatures(numeric, categorical);
    }

    @Override
    public Coder<Stats> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
      return SerializableCoder.of(Stats.class);
    }
  }
}
