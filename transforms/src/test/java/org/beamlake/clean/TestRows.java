package org.beamlake.clean;

import java.util.Arrays;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.schema.ColumnType;

/** Rows with lineage for the cleaning tests, written as compactly as the tests need. */
final class TestRows {
  private TestRows() {}

  /**
   * A schema of nullable project-typed columns from {@code "NAME", ColumnType, ...}, with lineage.
   */
  static Schema schema(Object... nameTypePairs) {
    Schema.Builder builder = Schema.builder();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      builder.addField((String) nameTypePairs[i], ((ColumnType) nameTypePairs[i + 1]).fieldType());
    }
    return Lineage.withLineage(builder.build());
  }

  /** A row of {@code schema}; the last value is the lineage. */
  static Row row(Schema schema, Object... values) {
    return Row.withSchema(schema).addValues(Arrays.asList(values)).build();
  }

  static PCollection<Row> rows(Pipeline p, Schema schema, Row... rows) {
    if (rows.length == 0) {
      return p.apply(Create.empty(schema));
    }
    return p.apply(Create.of(Arrays.asList(rows)).withRowSchema(schema));
  }
}
