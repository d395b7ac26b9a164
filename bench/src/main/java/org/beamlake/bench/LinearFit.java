package org.beamlake.bench;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The least-squares line T(N) = a + b·N through (rows, seconds) points: {@code a} is the fixed cost
 * (start-up, planning), {@code b} the cost per row, which is what the targets compare.
 */
public record LinearFit(double a, double b) {
  public static LinearFit of(double[] rows, double[] seconds) {
    checkArgument(rows.length == seconds.length && rows.length >= 2, "need at least two sizes, got %s", rows.length);
    double n = rows.length;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < rows.length; i++) {
      sx += rows[i];
      sy += seconds[i];
      sxx += rows[i] * rows[i];
      sxy += rows[i] * seconds[i];
    }
    double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    return new LinearFit((sy - b * sx) / n, b);
  }
}
