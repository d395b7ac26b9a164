package org.beamlake.clean;

import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Profiles every user column in one pass: how many rows and nulls, whether it is constant and
 * whether it is all null.
 *
 * <pre>{@code
 * PCollection<ColumnProfile> profiles = rows.apply(ProfileColumns.of());
 * }</pre>
 *
 * <p>Guarantees: exactly one {@link ColumnProfile} per user column (the lineage is not profiled),
 * also for an empty input, where every profile has {@code rows = 0} and is neither constant nor all
 * null: nothing can be decided from no data. One {@code Combine.globally} whose accumulator holds
 * one row and two numbers per column, so it scales with the number of columns, not rows; the result
 * does not depend on how the runner splits or orders the data. Bounded input in the global window.
 * {@link DropColumns#constant} turns the profiles into columns to drop.
 */
public final class ProfileColumns extends PTransform<PCollection<Row>, PCollection<ColumnProfile>> {

  /**
   * Partial profiles are combined under this many intermediate keys first, so that no single key
   * collects one accumulator per bundle: on the DirectRunner, whose bundles after a grouping hold
   * one element each, a single key's buffer is copied per bundle, quadratic in the input.
   */
  static final int FANOUT = 64;

  private ProfileColumns() {}

  /** Profiles every user column of the input. */
  public static ProfileColumns of() {
    return new ProfileColumns();
  }

  /**
   * The profile as a {@code CombineFn} over rows of {@code schema}, giving one {@link
   * ColumnProfile} per user column: for a step that profiles rows while it does something else
   * with them (beamlake's ETL profiles the rows its checkpoint writes), so that they are not read
   * twice. Its accumulator holds the first row and two numbers per column.
   */
  public static CombineFn<Row, ?, List<ColumnProfile>> combineFn(Schema schema) {
    return new ProfileCombineFn(schema);
  }

  @Override
  public PCollection<ColumnProfile> expand(PCollection<Row> input) {
    PCollection<List<ColumnProfile>> all =
        input.apply("ProfileAll", Combine.globally(new ProfileCombineFn(input.getSchema())).withFanout(FANOUT));
    return all.apply("OnePerColumn", Flatten.iterables()).setCoder(ColumnProfileCoder.of());
  }
}
