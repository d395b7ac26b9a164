package org.beamlake.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.TypeName;

/**
 * Which columns a model reads: numeric ones (standard-scaled when {@code scale}) and categorical
 * ones (one-hot encoded, the last category dropped as Spark's {@code OneHotEncoder} does, so a
 * regression with an intercept stays solvable).
 *
 * <p>{@link #check} is what makes a missing or mistyped feature column fail when the graph is
 * built, before any data is read.
 */
public record FeatureSpec(List<String> numeric, List<String> categorical, boolean scale)
    implements Serializable {
  static final Set<TypeName> NUMERIC =
      Set.of(TypeName.INT16, TypeName.INT32, TypeName.INT64, TypeName.FLOAT, TypeName.DOUBLE, TypeName.DECIMAL);
  static final Set<TypeName> CATEGORICAL =
      Set.of(TypeName.STRING, TypeName.INT16, TypeName.INT32, TypeName.INT64, TypeName.BOOLEAN);

  public FeatureSpec {
    numeric = List.copyOf(numeric);
    categorical = List.copyOf(categorical);
    if (numeric.isEmpty() && categorical.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one feature column");
    }
  }

  public static FeatureSpec numeric(List<String> columns, boolean scale) {
    return new FeatureSpec(columns, List.of(), scale);
  }

  /** Every feature column, numeric first. */
  public List<String> columns() {
    List<String> all = new ArrayList<>(numeric);
    all.addAll(categorical);
    return all;
  }

  /** Every mistake of this spec against a schema, one line each; empty when it fits. */
  public List<String> problems(Schema schema) {
    List<String> problems = new ArrayList<>();
    for (String column : numeric) {
      checkColumn(schema, column, NUMERIC, "numeric (int, long, float, double or decimal)", problems);
    }
    for (String column : categorical) {
      checkColumn(schema, column, CATEGORICAL, "categorical (string, int, long or boolean)", problems);
    }
    return problems;
  }

  /** Fails with every mistake of {@link #problems} in one message. */
  public void check(Schema schema, String what) {
    List<String> problems = problems(schema);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(what + ": " + String.join("; ", problems));
    }
  }

  static void checkColumn(
      Schema schema, String column, Set<TypeName> allowed, String expected, List<String> problems) {
    if (!schema.hasField(column)) {
      problems.add("feature column '" + column + "' is missing (columns: " + schema.getFieldNames() + ")");
      return;
    }
    TypeName type = schema.getField(column).getType().getTypeName();
    if (!allowed.contains(type)) {
      problems.add("feature column '" + column + "' must be " + expected + ", is " + type.name().toLowerCase());
    }
  }
}
