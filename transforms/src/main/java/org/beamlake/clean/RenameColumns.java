package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Renames columns, keeping their positions, types and values.
 *
 * <pre>{@code
 * PCollection<Row> renamed =
 *     rows.apply(RenameColumns.of(Map.of("geo", "REF_AREA", "TIME_PERIOD", "YEAR")));
 * }</pre>
 *
 * <p>Guarantees: the same rows with the same values; only the names of the listed columns change.
 * Names may be swapped ({@code A -> B, B -> A}). The lineage column cannot be renamed and stays
 * last. Fails at pipeline construction when a column is missing ({@code rename: no column 'X';
 * columns are [A, B]}) or when a new name is taken by a column that keeps its name ({@code rename:
 * cannot rename 'A' to 'B': column 'B' already exists}). Never rejects a row.
 */
public final class RenameColumns extends PTransform<PCollection<Row>, PCollection<Row>> {
  static final String STEP = "rename";

  private final Map<String, String> oldToNew;

  private RenameColumns(Map<String, String> oldToNew) {
    this.oldToNew = oldToNew;
  }

  /** Renames each key column to its value; at least one column, no two to the same name. */
  public static RenameColumns of(Map<String, String> oldToNew) {
    checkArgument(oldToNew != null && !oldToNew.isEmpty(), "%s: name at least one column", STEP);
    Map<String, String> copy = new TreeMap<>();
    Map<String, String> byNewName = new HashMap<>();
    oldToNew.forEach(
        (oldName, newName) -> {
          ColumnChecks.name(STEP, oldName);
          ColumnChecks.name(STEP, newName);
          copy.put(oldName, newName);
        });
    copy.forEach(
        (oldName, newName) -> {
          String other = byNewName.putIfAbsent(newName, oldName);
          checkArgument(
              other == null,
              "%s: '%s' and '%s' both renamed to '%s'",
              STEP,
              other,
              oldName,
              newName);
        });
    return new RenameColumns(Collections.unmodifiableMap(copy));
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> input) {
    Schema inputSchema = input.getSchema();
    ColumnChecks.requireColumns(STEP, inputSchema, oldToNew.keySet());
    Set<String> kept = new HashSet<>(inputSchema.getFieldNames());
    kept.removeAll(oldToNew.keySet());
    oldToNew.forEach(
        (oldName, newName) -> {
          if (kept.contains(newName)) {
            throw new IllegalArgumentException(
                STEP
                    + ": cannot rename '"
                    + oldName
                    + "' to '"
                    + newName
                    + "': column '"
                    + newName
                    + "' already exists");
          }
        });
    Schema.Builder output = Schema.builder();
    int[] identity = new int[inputSchema.getFieldCount()];
    for (int i = 0; i < identity.length; i++) {
      Schema.Field field = inputSchema.getField(i);
      output.addField(field.withName(oldToNew.getOrDefault(field.getName(), field.getName())));
      identity[i] = i;
    }
    Schema outputSchema = output.build();
    return input
        .apply("RenameColumns", ParDo.of(new ProjectRowsFn(outputSchema, identity)))
        .setRowSchema(outputSchema);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(
        DisplayData.item(
                "renames",
                oldToNew.entrySet().stream()
                    .map(e -> e.getKey() + " -> " + e.getValue())
                    .collect(Collectors.joining(", ")))
            .withLabel("Renamed columns"));
  }
}
