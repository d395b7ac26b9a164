package org.beamlake.capture.jdbc;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.beamlake.capture.CapturedFile;

/**
 * One target of a {@link CaptureJdbc}: plan, read the splits in parallel, each straight from the
 * result set into a file of its own, then merge those into a fixed number of shards and describe
 * each shard.
 */
class CaptureTarget extends PTransform<PBegin, PCollection<CapturedFile>> {
  private static final long serialVersionUID = 1L;

  private final JdbcTarget target;
  private final JdbcDataSource dataSource;
  private final JdbcDialect dialect;
  private final CaptureSql sql;
  private final PlanCaptureFn planFn;
  private final String stagingDirectory;
  private final int shards;
  private final String from;

  CaptureTarget(JdbcTarget target, JdbcDataSource dataSource, JdbcDialect dialect, CaptureSql sql,
      PlanCaptureFn planFn, String stagingDirectory, int shards, String from) {
    this.target = target;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.sql = sql;
    this.planFn = planFn;
    this.stagingDirectory = stagingDirectory;
    this.shards = shards;
    this.from = from;
  }

  @Override
  public PCollection<CapturedFile> expand(PBegin input) {
    PCollection<CapturePlan> plan = input
        .apply("Target", Create.of(target).withCoder(SerializableCoder.of(JdbcTarget.class)))
        .apply("Plan", ParDo.of(planFn))
        .setCoder(SerializableCoder.of(CapturePlan.class));
    PCollectionView<CapturePlan> planView = plan.apply("PlanView", View.asSingleton());
    String targetDirectory = stagingDirectory + target.name() + "/";
    String splitDirectory = targetDirectory + "_splits/";
    PCollection<SplitFile> splits = plan
        .apply("Splits", FlatMapElements.into(TypeDescriptor.of(JdbcSplit.class)).via(CapturePlan::splits))
        .setCoder(SerializableCoder.of(JdbcSplit.class))
        // A handful of splits: spread them over workers; the rows go from the database to a file.
        .apply("SpreadSplits", Reshuffle.viaRandomKey())
        .apply("Read", ParDo.of(new ReadSplitFn(dataSource, dialect, sql.read(), target.describe(), splitDirectory)))
        .setCoder(SerializableCoder.of(SplitFile.class));
    PCollectionView<List<SplitFile>> splitFiles = splits.apply("SplitFiles", View.asList());
    List<Integer> shardIndexes = IntStream.range(0, shards).boxed().collect(Collectors.toList());
    PCollection<CapturedFile> files = input
        .apply("Shards", Create.of(shardIndexes).withCoder(VarIntCoder.of()))
        .apply("WriteShards", ParDo.of(new WriteShardFn(target.name(), targetDirectory, shards, from, splitFiles,
            planView)).withSideInputs(splitFiles, planView))
        .setCoder(SerializableCoder.of(CapturedFile.class));
    // Only once every shard is written, so that a shard written again (a retried task) finds its splits.
    PCollectionView<List<CapturedFile>> written = files.apply("Written", View.asList());
    splits.apply("DeleteSplits", ParDo.of(new DeleteSplitFn(splitDirectory, written)).withSideInputs(written));
    return files;
  }
}
