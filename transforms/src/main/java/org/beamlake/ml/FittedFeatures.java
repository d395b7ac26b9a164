package org.beamlake.ml;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.values.Row;

/**
 * Feature assembly as fitted on training rows: per numeric column its mean and standard deviation
 * (mean 0 and deviation 1 when not scaled), per categorical column its categories in sorted order.
 * It is saved with the model, so scoring in a later run assembles exactly the same vectors.
 *
 * @param numeric the numeric columns and their scaling
 * @param categorical the categorical columns and their categories
 */
public record FittedFeatures(List<Numeric> numeric, List<Categorical> categorical)
    implements Serializable {

  /** A numeric column: {@code (value - mean) / std}; a constant column (std 0) gives 0. */
  public record Numeric(String name, double mean, double std) implements Serializable {}

  /** A categorical column: one 0/1 entry per category but the last, which is all zeros. */
  public record Categorical(String name, List<String> categories) implements Serializable {}

  public FittedFeatures {
    numeric = List.copyOf(numeric);
    categorical = List.copyOf(categorical);
  }

  /** The names of the vector's entries: numeric columns, then {@code column=category}. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    numeric.forEach(n -> names.add(n.name()));
    for (Categorical c : categorical) {
      for (int i = 0; i < c.categories().size() - 1; i++) {
        names.add(c.name() + "=" + c.categories().get(i));
      }
    }
    return names;
  }

  public int size() {
    int size = numeric.size();
    for (Categorical c : categorical) {
      size += Math.max(0, c.categories().size() - 1);
    }
    return size;
  }

  /**
   * The row's feature vector; the row must have no null feature (see {@link CheckFeatures}).
   *
   * @throws UnseenCategoryException for a category the model was not fitted on
   */
  public double[] vector(Row row) {
    double[] vector = new double[size()];
    int i = 0;
    for (Numeric n : numeric) {
      double value = toDouble(row.getValue(n.name()));
      vector[i++] = n.std() == 0 ? 0 : (value - n.mean()) / n.std();
    }
    for (Categorical c : categorical) {
      String value = String.valueOf((Object) row.getValue(c.name()));
      int index = c.categories().indexOf(value);
      if (index < 0) {
        throw new UnseenCategoryException(c.name(), value);
      }
      if (index < c.categories().size() - 1) {
        vector[i + index] = 1;
      }
      i += Math.max(0, c.categories().size() - 1);
    }
    return vector;
  }

  static double toDouble(Object value) {
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).doubleValue();
    }
    return ((Number) value).doubleValue();
  }

  /** A categorical value that the model has not seen: such a row is quarantined, not guessed. */
  public static final class UnseenCategoryException extends RuntimeException {
    UnseenCategoryException(String column, String value) {
      super(column + ": category '" + value + "' was not in the training data");
    }
  }
}
