package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.beamlake.quarantine.Lineage;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Drops the listed columns and keeps the others in their order.
 *
 * <pre>{@code
 * // Pipeline 1 profiles the data and keeps the result (e.g. writes it next to the data):
 * rows.apply(ProfileColumns.of());
 * // Pipeline 2 is built once those profiles are read back into a List<ColumnProfile>:
 * List<String> drop = DropColumns.constant(profiles, Set.of("REF_AREA"));
 * PCollection<Row> useful = rows.apply(DropColumns.of(drop));
 * }</pre>
 *
 * <p>Guarantees: one output row per input row, without the dropped columns, every other column (the
 * lineage included) unchanged and in place. A column the input does not have fails at pipeline
 * construction: {@code drop: no column 'X'; columns are [A, B]}. An empty list is allowed and
 * changes nothing, so that "drop the constant columns" works when there are none. Never rejects a
 * row.
 *
 * <p>Why two pipelines for "drop constant columns": a Beam schema must be known when the pipeline
 * is built, but which columns are constant is only known once the data has been read. So {@link
 * ProfileColumns} runs first, and {@link #constant} or {@link #allNull} turns its profiles into the
 * list of columns that a second pipeline gives to {@link #of}.
 */
public final class DropColumns extends PTransform<PCollection<Row>, PCollection<Row>> {
  static final String STEP = "drop";

  private final List<String> columns;

  private DropColumns(List<String> columns) {
    this.columns = columns;
  }

  /** Drops these columns; none twice, none reserved; may be empty. */
  public static DropColumns of(List<String> columns) {
    return new DropColumns(ColumnChecks.names(STEP, columns));
  }

  /**
   * The columns whose profile says that every row holds the same value (all nulls included), except
   * those in {@code keep}, in the order of {@code profiles}. A profile of no rows is never
   * constant, so nothing is dropped on the strength of an empty input.
   */
  public static List<String> constant(Iterable<ColumnProfile> profiles, Set<String> keep) {
    return select(profiles, keep, ColumnProfile::constant);
  }

  /** The columns whose profile says that every row is null, except those in {@code keep}. */
  public static List<String> allNull(Iterable<ColumnProfile> profiles, Set<String> keep) {
    return select(profiles, keep, ColumnProfile::allNull);
  }

  private static List<String> select(
      Iterable<ColumnProfile> profiles, Set<String> keep, Predicate<ColumnProfile> drop) {
    checkArgument(profiles != null, "%s: profiles must not be null", STEP);
    checkArgument(keep != null, "%s: keep must not be null (use Set.of())", STEP);
    List<String> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ColumnProfile profile : profiles) {
      if (drop.test(profile) && !keep.contains(profile.name()) && seen.add(profile.name())) {
        columns.add(profile.name());
      }
    }
    return columns;
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> input) {
    Schema inputSchema = input.getSchema();
    ColumnChecks.requireColumns(STEP, inputSchema, columns);
    List<String> kept = new ArrayList<>(inputSchema.getFieldNames());
    kept.removeAll(columns);
    Schema.Builder output = Schema.builder();
    for (String name : kept) {
      output.addField(inputSchema.getField(name));
    }
    Schema outputSchema = output.build();
    checkArgument(!Lineage.userFields(outputSchema).isEmpty(),
        "%s: dropping %s leaves no column; keep at least one", STEP, columns);
    return input
        .apply("DropColumns", ParDo.of(ProjectRowsFn.byName(inputSchema, outputSchema, kept)))
        .setRowSchema(outputSchema);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(
        DisplayData.item("columns", String.join(", ", columns)).withLabel("Dropped columns"));
  }
}
