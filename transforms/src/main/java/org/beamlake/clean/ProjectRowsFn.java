package org.beamlake.clean;

import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.beamlake.schema.Rows;

/**
 * Rebuilds each row in a new schema from some of its values: field {@code i} of the output takes
 * the input's value at {@code sourceIndexes[i]}. Selecting, dropping and renaming columns are all
 * this with different indexes and schemas.
 */
class ProjectRowsFn extends DoFn<Row, Row> {
  private final Schema outputSchema;
  private final int[] sourceIndexes;

  ProjectRowsFn(Schema outputSchema, int[] sourceIndexes) {
    this.outputSchema = outputSchema;
    this.sourceIndexes = sourceIndexes.clone();
  }

  /** Output field {@code i} comes from the input field named {@code sourceNames.get(i)}. */
  static ProjectRowsFn byName(Schema inputSchema, Schema outputSchema, List<String> sourceNames) {
    int[] indexes = new int[sourceNames.size()];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = inputSchema.indexOf(sourceNames.get(i));
    }
    return new ProjectRowsFn(outputSchema, indexes);
  }

  @ProcessElement
  public void process(@Element Row row, OutputReceiver<Row> out) {
    out.output(Rows.select(outputSchema, row, sourceIndexes));
  }
}
