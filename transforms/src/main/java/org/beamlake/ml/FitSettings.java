package org.beamlake.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What every fit shares: the model's name and run, its features, the per-group columns and the
 * train/test split ({@link HashSplit} of {@code splitKey} with {@code seed}; no split key: every
 * row trains and there is no test split).
 */
public record FitSettings(
    String name,
    String runId,
    FeatureSpec features,
    List<String> groupBy,
    @Nullable String splitKey,
    double testFraction,
    long seed)
    implements Serializable {

  public FitSettings {
    groupBy = List.copyOf(groupBy);
    if (testFraction < 0 || testFraction >= 1) {
      throw new IllegalArgumentException("test_fraction must be in [0, 1), got " + testFraction);
    }
    if (splitKey == null && testFraction > 0) {
      throw new IllegalArgumentException("a test_fraction needs a split key column");
    }
  }

  public static FitSettings of(String name, String runId, FeatureSpec features) {
    return new FitSettings(name, runId, features, List.of(), null, 0, 0);
  }

  public FitSettings withGroupBy(List<String> columns) {
    return new FitSettings(name, runId, features, columns, splitKey, testFraction, seed);
  }

  /** The seed of the split's hash and of k-means++'s draws. */
  public FitSettings withSeed(long newSeed) {
    return new FitSettings(name, runId, features, groupBy, splitKey, testFraction, newSeed);
  }

  public FitSettings withSplit(String keyColumn, double fraction, long splitSeed) {
    return new FitSettings(name, runId, features, groupBy, keyColumn, fraction, splitSeed);
  }

  boolean isTest(Row row) {
    return splitKey != null && HashSplit.isTest(row.getValue(splitKey), seed, testFraction);
  }

  /** Every column a fit reads: features, then group, split key and the extra ones (a label). */
  public List<String> columns(List<String> extra) {
    List<String> all = new ArrayList<>(features.columns());
    all.addAll(groupBy);
    if (splitKey != null) {
      all.add(splitKey);
    }
    all.addAll(extra);
    return all;
  }

  /** Every mistake against the input's schema; {@code label} is checked to be numeric. */
  public List<String> problems(Schema schema, @Nullable String label) {
    List<String> problems = new ArrayList<>(features.problems(schema));
    for (String column : groupBy) {
      if (!schema.hasField(column)) {
        problems.add("group_by column '" + column + "' is missing");
      }
    }
    if (splitKey != null && !schema.hasField(splitKey)) {
      problems.add("split key column '" + splitKey + "' is missing");
    }
    if (label != null) {
      FeatureSpec.checkColumn(schema, label, FeatureSpec.NUMERIC, "numeric", problems);
    }
    return problems.stream().map(p -> p.replace("feature column '" + label + "'", "label column '" + label + "'")).toList();
  }

  void check(Schema schema, @Nullable String label) {
    List<String> problems = problems(schema, label);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("model '" + name + "': " + String.join("; ", problems));
    }
  }

  /** The options every artifact records, plus the model's own. */
  Map<String, Object> options(Map<String, Object> own) {
    Map<String, Object> options = new TreeMap<>(own);
    options.put("scale", features.scale());
    if (splitKey != null) {
      options.put("split_key", splitKey);
      options.put("test_fraction", testFraction);
      options.put("seed", seed);
    }
    return options;
  }
}
