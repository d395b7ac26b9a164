package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Max;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.JsonRows;
import org.beamlake.quarantine.Lineage;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Keeps one row per key.
 *
 * <pre>{@code
 * PCollection<Row> latest = rows.apply(
 *     Deduplicate.byKey(List.of("REF_AREA", "TIME_PERIOD")).keepLatestBy("UPDATED_AT"));
 * }</pre>
 *
 * <p>Guarantees: exactly one output row per distinct key, where null is a key value like any
 * other and values compare as values (decimals ignore their scale). With {@link #keepLatestBy},
 * the kept row has the greatest value of that column (nulls lowest). Ties, and every key when no
 * order column is set, are broken by the smallest lineage ({@value Lineage#FIELD}), then by the
 * smallest row as JSON: the choice never depends on arrival order, so every runner and every
 * re-run keeps the same row. The output schema is the input schema; the kept row is unchanged,
 * lineage included. Nothing is rejected.
 */
public final class Deduplicate extends PTransform<PCollection<Row>, PCollection<Row>> {
  private final List<String> keyColumns;
  private final @Nullable String orderColumn;

  private Deduplicate(List<String> keyColumns, @Nullable String orderColumn) {
    this.keyColumns = keyColumns;
    this.orderColumn = orderColumn;
  }

  /** One row per distinct combination of {@code keyColumns} (non-empty, distinct user columns). */
  public static Deduplicate byKey(List<String> keyColumns) {
    return new Deduplicate(RowKey.checkKeyColumns("keyColumns", keyColumns), null);
  }

  /** Of the rows of one key, keeps the one with the greatest {@code orderColumn} (nulls lowest). */
  public Deduplicate keepLatestBy(String orderColumn) {
    checkArgument(
        orderColumn != null && !orderColumn.isBlank(), "orderColumn must not be blank, got %s", orderColumn);
    checkArgument(
        !Lineage.isReserved(orderColumn), "orderColumn must be a user column, got reserved column %s", orderColumn);
    return new Deduplicate(keyColumns, orderColumn);
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> input) {
    checkArgument(input.hasSchema(), "Deduplicate: the input has no schema; set one with setRowSchema");
    Schema schema = input.getSchema();
    for (String column : keyColumns) {
      Schema.Field field = RowKey.userColumn(schema, column, "Deduplicate: key column", "");
      checkArgument(
          RowKey.isKeyable(field.getType()),
          "Deduplicate: key column '%s' has type %s, which cannot be a key",
          column, RowKey.typeName(field.getType()));
    }
    if (orderColumn != null) {
      Schema.Field field = RowKey.userColumn(schema, orderColumn, "Deduplicate: order column", "");
      checkArgument(
          RowKey.isOrderable(field.getType()),
          "Deduplicate: order column '%s' has type %s, which has no order",
          orderColumn, RowKey.typeName(field.getType()));
    }
    return input
        .apply("KeyByColumns", ParDo.of(new KeyByColumnsFn(RowKey.of(schema, keyColumns))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), input.getCoder()))
        .apply("KeepOnePerKey", Max.perKey(new Preference(orderColumn)))
        .apply("DropKeys", Values.create())
        .setRowSchema(schema);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("keyColumns", String.join(", ", keyColumns)).withLabel("Key columns"));
    builder.addIfNotNull(DisplayData.item("orderColumn", orderColumn).withLabel("Keep the greatest"));
  }

  static class KeyByColumnsFn extends DoFn<Row, KV<String, Row>> {
    private final RowKey key;

    KeyByColumnsFn(RowKey key) {
      this.key = key;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<String, Row>> out) {
      out.output(KV.of(key.encode(row), row));
    }
  }

  /**
   * The order in which rows of one key are preferred, greatest first: a total order on distinct
   * rows, so that keeping the maximum is associative, commutative and independent of arrival.
   */
  static class Preference implements Comparator<Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private static final Comparator<@Nullable String> SMALLEST_FIRST =
        Comparator.nullsFirst(Comparator.<String>naturalOrder()).reversed();

    private final @Nullable String orderColumn;

    Preference(@Nullable String orderColumn) {
      this.orderColumn = orderColumn;
    }

    @Override
    public int compare(Row a, Row b) {
      if (orderColumn != null) {
        int byOrder = compareNullsLowest(a.getValue(orderColumn), b.getValue(orderColumn));
        if (byOrder != 0) {
          return byOrder;
        }
      }
      int byLineage = SMALLEST_FIRST.compare(Lineage.of(a), Lineage.of(b));
      if (byLineage != 0) {
        return byLineage;
      }
      return SMALLEST_FIRST.compare(JsonRows.format(a), JsonRows.format(b));
    }

    @SuppressWarnings("unchecked")
    private static int compareNullsLowest(@Nullable Object a, @Nullable Object b) {
      if (a == null || b == null) {
        return a == null ? (b == null ? 0 : -1) : 1;
      }
      return ((Comparable<Object>) a).compareTo(b);
    }
  }
}
