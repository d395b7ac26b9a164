package org.beamlake.aws.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Athena DDL for a refined table: {@code CREATE EXTERNAL TABLE IF NOT EXISTS} over the table's
 * folder, then one {@code ALTER TABLE … ADD IF NOT EXISTS PARTITION … LOCATION} per partition
 * written. Partitions are added with their folders rather than found by {@code MSCK REPAIR TABLE},
 * which in Athena only discovers lower-case {@code key=value} folders (beamlake keeps the column's
 * case, e.g. {@code DATABASE_ID=WB_WDI/}) and scans the whole prefix; every statement can run again.
 *
 * <pre>{@code
 * List<String> sql = AthenaDdl.statements("world", CatalogTable.of(refinedTable, "s3://bucket/lakes/world/"));
 * }</pre>
 */
final class AthenaDdl {
  /** Partitions per {@code ALTER TABLE}: keeps each statement far below Athena's 256 KB query limit. */
  static final int PARTITIONS_PER_STATEMENT = 100;

  private AthenaDdl() {}

  /** The statements for one table, without trailing semicolons. */
  static List<String> statements(String database, CatalogTable table) {
    String qualified = (database == null ? "" : quote(database) + ".") + quote(table.name());
    List<String> columns = new ArrayList<>();
    for (CatalogTable.Column column : table.columns()) {
      columns.add("  " + quote(column.name()) + " " + column.type());
    }
    StringBuilder create = new StringBuilder("CREATE EXTERNAL TABLE IF NOT EXISTS ").append(qualified).append(" (\n")
        .append(String.join(",\n", columns)).append("\n)");
    if (table.partitionKey() != null) {
      create.append("\nPARTITIONED BY (\n  ").append(quote(table.partitionKey().name())).append(' ')
          .append(table.partitionKey().type()).append("\n)");
    }
    create.append("\nSTORED AS PARQUET\nLOCATION ").append(literal(table.location()));
    if (table.compression() != null) {
      create.append("\nTBLPROPERTIES ('parquet.compression'=").append(literal(table.compression())).append(')');
    }
    List<String> statements = new ArrayList<>();
    statements.add(create.toString());
    List<CatalogTable.Partition> all = table.partitions();
    for (int from = 0; from < all.size(); from += PARTITIONS_PER_STATEMENT) {
      List<String> partitions = new ArrayList<>();
      for (CatalogTable.Partition p : all.subList(from, Math.min(all.size(), from + PARTITIONS_PER_STATEMENT))) {
        partitions.add("  PARTITION (" + quote(table.partitionKey().name()) + " = " + literal(p.value()) + ") LOCATION "
            + literal(p.location()));
      }
      statements.add("ALTER TABLE " + qualified + " ADD IF NOT EXISTS\n" + String.join("\n", partitions));
    }
    return statements;
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
