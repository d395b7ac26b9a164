package org.beamlake.ml;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.beamlake.ml.ModelArtifact.GroupModel;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Applies an artifact to one row; the same arithmetic in fit metrics and in scoring. */
final class Scorer implements Serializable {
  private final ModelArtifact artifact;
  private final Map<String, GroupModel> groups = new HashMap<>();

  Scorer(ModelArtifact artifact) {
    this.artifact = artifact;
    for (GroupModel group : artifact.groups()) {
      groups.put(GroupKey.encode(group.group()), group);
    }
  }

  ModelArtifact artifact() {
    return artifact;
  }

  /** The row's group model, or null when the model has none (or none fitted) for its group. */
  @Nullable
  GroupModel group(Row row) {
    GroupModel group = groups.get(GroupKey.of(row, artifact.groupBy()));
    return group == null || group.coefficients() == null ? null : group;
  }

  static double linear(GroupModel group, double[] x) {
    double value = group.intercept();
    List<Double> w = group.coefficients();
    for (int i = 0; i < x.length; i++) {
      value += w.get(i) * x[i];
    }
    return value;
  }

  static double sigmoid(double margin) {
    return 1 / (1 + Math.exp(-margin));
  }

  /** Index of the nearest centroid (the lowest index on a tie). */
  static int nearest(List<List<Double>> centroids, double[] x) {
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centroids.size(); c++) {
      double distance = squaredDistance(centroids.get(c), x);
      if (distance < bestDistance) {
        best = c;
        bestDistance = distance;
      }
    }
    return best;
  }

  static double squaredDistance(List<Double> centroid, double[] x) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - centroid.get(i);
      sum += d * d;
    }
    return sum;
  }
}
