package org.beamlake.testdata;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Mean, median, minimum, maximum and count of some doubles. Sums are exact ({@link BigDecimal}
 * holds every double exactly) and each mean is one division rounded once, so the results do not
 * depend on the order of the values, unlike a running double sum.
 */
record ValueSummary(double avg, double median, double min, double max, long count) {

  /** The summary of {@code values}, which must not be empty nor hold a null. */
  static ValueSummary of(Collection<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values to summarise");
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : mean(List.of(sorted.get(n / 2 - 1), sorted.get(n / 2)));
    return new ValueSummary(mean(sorted), median, sorted.get(0), sorted.get(n - 1), n);
  }

  /** The mean of non-empty {@code values}, from their exact sum. */
  static double mean(Collection<Double> values) {
    BigDecimal sum = BigDecimal.ZERO;
    for (double value : values) {
      sum = sum.add(new BigDecimal(value));
    }
    return sum.divide(BigDecimal.valueOf(values.size()), MathContext.DECIMAL128).doubleValue();
  }
}
