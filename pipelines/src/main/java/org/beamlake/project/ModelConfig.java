package org.beamlake.project;

import java.util.List;
import org.beamlake.ml.ModelType;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A model of the {@code ml} stage: fitted on a trusted dataset or refined table, saved under
 * {@code refined/_models/<name>/<run_id>/}, and used to score a dataset or table into refined.
 *
 * @param input the dataset or table the model is fitted on
 * @param features numeric feature columns
 * @param categorical categorical feature columns (one-hot encoded)
 * @param scale whether numeric features are standard-scaled
 * @param label the label column (regressions), or null (k-means)
 * @param splitKey the column whose hash puts a row in the test split, or null (no test split)
 * @param score the dataset or table scored with the model (the input unless given)
 * @param keys columns copied from each scored row into the output
 * @param fromRun the run whose saved model scores ({@code latest} for the last one fitted), or
 *     null to fit the model in this run
 */
public record ModelConfig(
    String name,
    ModelType type,
    String input,
    List<String> features,
    List<String> categorical,
    boolean scale,
    @Nullable String label,
    List<String> groupBy,
    @Nullable String splitKey,
    double testFraction,
    long seed,
    double l2,
    int k,
    int maxIterations,
    double tolerance,
    String score,
    List<String> keys,
    @Nullable String fromRun,
    Where where) {

  /** The refined table the scores are written to. */
  public String outputTable() {
    return name + (type == ModelType.KMEANS ? "_clusters" : "_predictions");
  }

  /** This model, scored with the artifact of {@code run} ({@code latest} or a run id) instead of fitted. */
  public ModelConfig withFromRun(@Nullable String run) {
    return new ModelConfig(name, type, input, features, categorical, scale, label, groupBy, splitKey, testFraction,
        seed, l2, k, maxIterations, tolerance, score, keys, run, where);
  }

  /** The refined table of the model's metrics. */
  public String metricsTable() {
    return name + "_metrics";
  }
}
