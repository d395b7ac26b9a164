package org.beamlake.aws.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.beamlake.catalog.RefinedTable;

/**
 * A refined table as a Hive-style catalog describes it: data columns typed from the Parquet footer,
 * the partition column (which lives only in folder names) typed from the commit marker, where the
 * files are as the catalog's reader sees them, and each partition with its own folder.
 *
 * @param name the table name
 * @param location the table folder as Athena reads it, ending with {@code /}
 * @param columns the data columns, in file order
 * @param partitionKey the partition column, or null
 * @param partitions the partitions written (empty when unpartitioned)
 * @param compression the Parquet codec of the files (e.g. {@code SNAPPY}), or null for a table without rows
 */
record CatalogTable(String name, String location, List<Column> columns, Column partitionKey,
    List<Partition> partitions, String compression) {

  /** A column and its Athena type. */
  record Column(String name, String type) {}

  /** A partition value and its folder as Athena reads it. */
  record Partition(String value, String location) {}

  /**
   * The table read from the lake; {@code locationBase} replaces the lake's base in every location
   * (the lake as Athena reads it, ending with {@code /}).
   */
  static CatalogTable of(RefinedTable table, String locationBase) throws IOException {
    String location = locationBase + "refined/" + table.name() + "/";
    ParquetMetadata footer = table.footer();
    MessageType schema = footer.getFileMetaData().getSchema();
    String partitionBy = table.commit().partitionBy();
    List<Column> columns = new ArrayList<>();
    for (Type field : schema.getFields()) {
      if (!field.getName().equals(partitionBy)) {
        columns.add(new Column(field.getName(), AthenaTypes.of(field, table.name() + "." + field.getName())));
      }
    }
    Column key = null;
    List<Partition> partitions = new ArrayList<>();
    if (partitionBy != null) {
      String type = table.commit().columns().get(partitionBy);
      if (type == null) {
        throw new IOException(table.location() + "_SUCCESS: partition column '" + partitionBy
            + "' is not among its columns " + table.commit().columns().keySet());
      }
      key = new Column(partitionBy, AthenaTypes.ofColumnType(type));
      for (RefinedTable.Partition p : table.partitions()) {
        partitions.add(new Partition(p.value(), location + p.folder()));
      }
    }
    String codec = null;
    for (BlockMetaData block : footer.getBlocks()) {
      if (!block.getColumns().isEmpty()) {
        codec = block.getColumns().get(0).getCodec().name();
        break;
      }
    }
    return new CatalogTable(table.name(), location, List.copyOf(columns), key, List.copyOf(partitions), codec);
  }
}
