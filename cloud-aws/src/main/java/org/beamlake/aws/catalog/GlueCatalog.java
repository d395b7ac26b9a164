package org.beamlake.aws.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Registers refined tables in the Glue Data Catalog as Athena's own {@code CREATE EXTERNAL TABLE …
 * STORED AS PARQUET} would: the Parquet SerDe and input/output formats, the columns with the types
 * of {@link AthenaDdl}, one partition per folder written. Every step can run again: the database is
 * created only when missing, an existing table is updated (never a second one), and partitions
 * already in the catalog are not sent again. Names are lower-cased, as Athena keeps them; Athena
 * matches Parquet columns by name without regard to case. Throttling is retried by the SDK.
 *
 * <pre>{@code
 * new GlueCatalog(GlueClient.create(), "world", System.out::println).register(tables);
 * }</pre>
 */
final class GlueCatalog {
  static final String INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
  static final String OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
  static final String SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
  /** BatchCreatePartition takes at most this many partitions a call. */
  static final int BATCH = 100;

  private final GlueClient glue;
  private final String database;
  private final Consumer<String> progress;

  GlueCatalog(GlueClient glue, String database, Consumer<String> progress) {
    this.glue = glue;
    this.database = database.toLowerCase(Locale.ROOT);
    this.progress = progress;
  }

  /** The database if missing, then every table and its partitions. */
  void register(List<CatalogTable> tables) {
    ensureDatabase();
    for (CatalogTable table : tables) {
      register(table);
    }
  }

  private void ensureDatabase() {
    try {
      glue.getDatabase(b -> b.name(database));
      progress.accept("database " + database + ": exists");
    } catch (EntityNotFoundException missing) {
      try {
        glue.createDatabase(b -> b.databaseInput(d -> d.name(database)
            .description("beamlake refined tables")));
        progress.accept("database " + database + ": created");
      } catch (AlreadyExistsException raced) {
        progress.accept("database " + database + ": exists");
      }
    }
  }

  private void register(CatalogTable table) {
    TableInput input = tableInput(table);
    String state;
    if (exists(input.name())) {
      glue.updateTable(b -> b.databaseName(database).tableInput(input));
      state = "updated";
    } else {
      try {
        glue.createTable(b -> b.databaseName(database).tableInput(input));
        state = "created";
      } catch (AlreadyExistsException raced) {
        glue.updateTable(b -> b.databaseName(database).tableInput(input));
        state = "updated";
      }
    }
    String line = database + "." + input.name() + ": " + state + ", " + table.columns().size() + " columns, "
        + table.location();
    if (table.partitionKey() != null) {
      line += ", partitions: " + addPartitions(input.name(), table);
    }
    progress.accept(line);
  }

  private boolean exists(String name) {
    try {
      glue.getTable(b -> b.databaseName(database).name(name));
      return true;
    } catch (EntityNotFoundException e) {
      return false;
    }
  }

  /** Adds the partitions the catalog lacks; says how many were added and how many were there. */
  private String addPartitions(String name, CatalogTable table) {
    Set<List<String>> registered = new HashSet<>();
    glue.getPartitionsPaginator(b -> b.databaseName(database).tableName(name))
        .forEach(page -> page.partitions().forEach(p -> registered.add(p.values())));
    List<PartitionInput> missing = new ArrayList<>();
    for (CatalogTable.Partition p : table.partitions()) {
      if (!registered.contains(List.of(p.value()))) {
        missing.add(PartitionInput.builder().values(p.value()).storageDescriptor(storage(table, p.location())).build());
      }
    }
    int added = 0;
    for (int from = 0; from < missing.size(); from += BATCH) {
      List<PartitionInput> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
      BatchCreatePartitionResponse response = glue.batchCreatePartition(b -> b.databaseName(database).tableName(name)
          .partitionInputList(batch));
      int already = 0;
      for (PartitionError error : response.errors()) {
        if (!"AlreadyExistsException".equals(error.errorDetail().errorCode())) {
          throw new IllegalStateException(database + "." + name + " partition " + error.partitionValues() + ": "
              + error.errorDetail().errorMessage() + " (" + error.errorDetail().errorCode() + ")");
        }
        already++;
      }
      added += batch.size() - already;
    }
    return added + " added, " + (table.partitions().size() - added) + " already registered";
  }

  /** The table as Glue stores a {@code CREATE EXTERNAL TABLE … STORED AS PARQUET}. */
  static TableInput tableInput(CatalogTable table) {
    TableInput.Builder input = TableInput.builder()
        .name(table.name().toLowerCase(Locale.ROOT))
        .tableType("EXTERNAL_TABLE")
        .parameters(table.compression() == null ? Map.of("EXTERNAL", "TRUE", "classification", "parquet")
            : Map.of("EXTERNAL", "TRUE", "classification", "parquet", "parquet.compression", table.compression()))
        .storageDescriptor(storage(table, table.location()));
    if (table.partitionKey() != null) {
      input.partitionKeys(column(table.partitionKey()));
    }
    return input.build();
  }

  private static StorageDescriptor storage(CatalogTable table, String location) {
    List<Column> columns = new ArrayList<>();
    for (CatalogTable.Column c : table.columns()) {
      columns.add(column(c));
    }
    return StorageDescriptor.builder()
        .columns(columns)
        .location(location)
        .inputFormat(INPUT_FORMAT)
        .outputFormat(OUTPUT_FORMAT)
        .serdeInfo(s -> s.serializationLibrary(SERDE).parameters(Map.of("serialization.format", "1")))
        .build();
  }

  private static Column column(CatalogTable.Column c) {
    return Column.builder().name(c.name().toLowerCase(Locale.ROOT)).type(c.type()).build();
  }
}
