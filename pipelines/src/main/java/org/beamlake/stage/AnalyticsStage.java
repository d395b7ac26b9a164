package org.beamlake.stage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.beamlake.lake.ReadTable;
import org.beamlake.lake.SqlTable;
import org.beamlake.lake.TableCommit;
import org.beamlake.lake.TableSchemas;
import org.beamlake.lake.WriteCsv;
import org.beamlake.lake.WriteParquet;
import org.beamlake.project.TableConfig;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.StepCounts;
import org.beamlake.sql.RunSql;

/**
 * Analytics: trusted into refined. Each refined table is one SQL query (Beam SQL with beamlake's
 * functions) over the trusted datasets it names; all tables are computed in one pipeline, then
 * committed one by one. Each table reads the datasets it names itself: a dataset read once for two
 * tables would have two readers, and the Spark runner caches such a collection whole (every row
 * encoded, serialized and written to local disk, then read back), which costs more than reading
 * the Parquet files again (BENCHMARKS.md).
 */
public final class AnalyticsStage {
  private AnalyticsStage() {}

  public static StageReport run(StageContext ctx) {
    long start = System.currentTimeMillis();
    String startedAt = Instant.now().toString();
    Pipeline p = ctx.newPipeline("analytics");
    RowCounts rowCounts = RowCounts.in(p);
    Map<String, ReadTable> reads = new LinkedHashMap<>();
    List<String> inputs = new ArrayList<>();
    for (String dataset : ctx.project().datasets().keySet()) {
      boolean used = ctx.project().tables().values().stream().anyMatch(t -> mentions(t.sql(), dataset));
      if (used) {
        reads.put(dataset, ReadTable.from(ctx.lake().trusted(dataset)));
        inputs.add(ctx.lake().trusted(dataset));
      }
    }
    Map<String, Schema> schemas = new LinkedHashMap<>();
    BundleWrites inBundles = new BundleWrites(ctx, "refined");
    for (TableConfig table : ctx.project().tables().values()) {
      Map<String, SqlTable> trusted = new LinkedHashMap<>();
      reads.forEach((dataset, read) -> {
        if (mentions(table.sql(), dataset)) {
          // Read by the query: only the columns it uses, in its order, its IS NOT NULL conditions
          // made in the read, so that its Calc has nothing left to do (BENCHMARKS.md).
          trusted.put(dataset, read.asSqlTable(table.name() + "/" + dataset + "/ReadTrusted"));
        }
      });
      PCollection<Row> rows = query(table, trusted, p);
      schemas.put(table.name(), TableSchemas.normalize(rows.getSchema()));
      String staging = ctx.lake().staging(ctx.runId(), "refined", table.name());
      // As a trusted dataset: unless the table sets its shards or is partitioned, each bundle writes
      // its own files, without a shuffle, each bounded in rows, and counts what it wrote (a count
      // beside it would have Spark cache every row first); on the DirectRunner, one file.
      if (table.shards() == 0 && table.partitionBy() == null && !ctx.onDirectRunner()) {
        PCollectionTuple written = rows.apply(table.name() + "/WriteParquet",
            WriteParquet.to(staging).inBundles(inBundles.directory(table.name())).countingRows());
        rowCounts.tallied(table.name() + "/Written", written.get(RowResult.COUNTS), Map.of(StepCounts.ROWS, table.name() + "/rows"));
      } else {
        rows = rowCounts.count(table.name() + "/Count", table.name() + "/rows", rows);
        WriteParquet write = WriteParquet.to(staging).withShards(Math.max(1, table.shards()));
        rows.apply(table.name() + "/WriteParquet",
            table.partitionBy() == null ? write : StepFailure.at(table.where(), () -> write.withPartitionBy(table.partitionBy())));
      }
      if (table.csv()) {
        rows.apply(table.name() + "/WriteCsv", WriteCsv.to(staging + "_csv/", table.name()));
      }
    }
    rowCounts.writeTo(ctx.lake().staging(ctx.runId(), "counts", "analytics") + "counts.tsv");
    p.run().waitUntilFinish();
    inBundles.publish();
    Map<String, Long> counts = rowCounts.read();
    List<StageReport.Output> outputs = new ArrayList<>();
    for (TableConfig table : ctx.project().tables().values()) {
      long rows = counts.get(table.name() + "/rows");
      TableCommit.commit(ctx.lake().staging(ctx.runId(), "refined", table.name()), ctx.lake().refined(table.name()),
          ctx.runId(), rows, TableSchemas.columns(schemas.get(table.name())), table.partitionBy());
      outputs.add(new StageReport.Output("refined", table.name(), ctx.lake().refined(table.name()), rows));
    }
    return new StageReport("analytics", "succeeded", startedAt, System.currentTimeMillis() - start, inputs, outputs, counts, null);
  }

  /** The table's query applied to the datasets its SQL names; an SQL error points at the SQL file. */
  static PCollection<Row> query(TableConfig table, Map<String, PCollection<Row>> datasets) {
    PCollectionTuple inputs = null;
    for (Map.Entry<String, PCollection<Row>> d : datasets.entrySet()) {
      if (mentions(table.sql(), d.getKey())) {
        TupleTag<Row> tag = new TupleTag<>(d.getKey());
        inputs = inputs == null ? PCollectionTuple.of(tag, d.getValue()) : inputs.and(tag, d.getValue());
      }
    }
    if (inputs == null) {
      throw new StepFailure(table.where().error(table.sqlFile() + " reads no dataset of the project; datasets are "
          + datasets.keySet()), null);
    }
    PCollectionTuple in = inputs;
    return SqlFailure.at(table, () -> in.apply(table.name() + "/Sql", RunSql.query(table.sql()).withFileName(table.sqlFile())));
  }

  /** The table's query over the trusted tables its SQL names, read by the query itself ({@link SqlTable}). */
  static PCollection<Row> query(TableConfig table, Map<String, SqlTable> tables, Pipeline p) {
    if (tables.isEmpty()) {
      throw new StepFailure(table.where().error(table.sqlFile() + " reads no dataset of the project; datasets are "
          + tables.keySet()), null);
    }
    return SqlFailure.at(table, () -> PCollectionTuple.empty(p).apply(table.name() + "/Sql",
        RunSql.query(table.sql()).withFileName(table.sqlFile()).withTables(tables)));
  }

  static boolean mentions(String sql, String dataset) {
    return Pattern.compile("(?i)(?<![A-Za-z0-9_])" + Pattern.quote(dataset) + "(?![A-Za-z0-9_])").matcher(sql).find();
  }
}
