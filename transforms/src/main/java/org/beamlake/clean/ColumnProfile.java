package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * What one pass over the data found out about one column, made by {@link ProfileColumns}.
 *
 * <p>Serializable as well as coded: {@code Combine.globally} keeps the profiles of an empty input
 * inside the pipeline definition.
 *
 * @param name the column
 * @param rows how many rows were profiled
 * @param nulls how many of them hold null in this column
 * @param constant whether every row holds the same value, null included: an all-null column is
 *     constant; false when there were no rows, as nothing can be decided from no data
 * @param allNull whether every row holds null; false when there were no rows
 */
@DefaultCoder(ColumnProfileCoder.class)
public record ColumnProfile(String name, long rows, long nulls, boolean constant, boolean allNull)
    implements Serializable {

  public ColumnProfile {
    Objects.requireNonNull(name, "name");
    checkArgument(
        0 <= nulls && nulls <= rows, "nulls must be in [0, rows], got %s of %s", nulls, rows);
    checkArgument(
        !allNull || (rows > 0 && nulls == rows), "allNull needs rows > 0 and nulls == rows");
    checkArgument(!constant || rows > 0, "constant needs rows > 0");
  }
}
