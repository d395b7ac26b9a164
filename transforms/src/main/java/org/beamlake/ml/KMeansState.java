package org.beamlake.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The centres between two steps of k-means, with how many Lloyd iterations made them and whether
 * they moved less than the tolerance in the last one (after which the later steps pass them on).
 */
record KMeansState(List<double[]> centres, int iterations, boolean converged) implements Serializable {
  KMeansState withCentre(double[] centre) {
    List<double[]> more = new ArrayList<>(centres);
    more.add(centre);
    return new KMeansState(more, iterations, converged);
  }

  List<List<Double>> centroids() {
    List<List<Double>> centroids = new ArrayList<>();
    for (double[] centre : centres) {
      List<Double> c = new ArrayList<>();
      for (double v : centre) {
        c.add(v);
      }
      centroids.add(c);
    }
    return centroids;
  }

  /** Index of the nearest centre (the lowest on a tie) and the squared distance to it. */
  double[] nearest(double[] x) {
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centres.size(); c++) {
      double sum = 0;
      for (int i = 0; i < x.length; i++) {
        double d = x[i] - centres.get(c)[i];
        sum += d * d;
      }
      if (sum < bestDistance) {
        best = c;
        bestDistance = sum;
      }
    }
    return new double[] {best, bestDistance};
  }
}
