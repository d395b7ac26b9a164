package org.beamlake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.spark.TaskContext;
import org.beamlake.quarantine.Lineage;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table's files are read by every worker on the Spark runner. The trusted writer leaves one file
 * per worker; the Spark runner's reshuffles deal each worker's elements out in turn from a start of
 * its own, so a reshuffle of two files held one per worker put both on one worker, and the
 * analytics ran on one core of two. Here each row is tagged with the Spark partition that read it.
 */
class ReadTableOnSparkTest {
  static final Schema TABLE = Schema.builder().addField("n", ColumnType.INT.fieldType()).build();
  static final int ROWS = 200;

  /** The Spark partition that read the row. */
  static final class PartitionFn extends DoFn<Row, Integer> {
    @ProcessElement
    public void process(OutputReceiver<Integer> out) {
      out.output(TaskContext.getPartitionId());
    }
  }

  @Test
  void theTwoFilesOfATableAreReadByTwoWorkers(@TempDir Path tmp) throws Exception {
    Lake lake = Lake.at(tmp.toString());
    String staging = lake.staging("r1", "refined", "t");
    Schema in = Lineage.withLineage(TABLE);
    List<Row> rows = IntStream.range(0, ROWS).mapToObj(n -> Row.withSchema(in).addValues(n, null).build()).toList();
    Pipeline write = Pipeline.create(PipelineOptionsFactory.create());
    write.apply(Create.of(rows).withRowSchema(in)).apply(WriteParquet.to(staging).withShards(2));
    write.run().waitUntilFinish();
    TableCommit.commit(staging, lake.refined("t"), "r1", ROWS, TableSchemas.columns(TABLE), null);
    try (Stream<Path> files = Files.list(tmp.resolve("refined/t"))) {
      assertEquals(List.of("part-00000-of-00002.parquet", "part-00001-of-00002.parquet"),
          files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".parquet")).sorted().toList());
    }

    SparkPipelineOptions options = PipelineOptionsFactory.as(SparkPipelineOptions.class);
    options.setRunner(SparkRunner.class);
    options.setSparkMaster("local[2]");
    Pipeline p = Pipeline.create(options);
    PCollection<Row> read = p.apply(ReadTable.from(lake.refined("t")));
    PAssert.that(read.apply(ParDo.of(new PartitionFn())).setCoder(VarIntCoder.of()).apply(Distinct.create()))
        .containsInAnyOrder(0, 1);
    PAssert.that(read.apply(Count.globally())).containsInAnyOrder((long) ROWS);
    p.run().waitUntilFinish();
  }
}
