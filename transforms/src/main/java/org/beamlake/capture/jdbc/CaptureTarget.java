package org.beamlake.capture.jdbc;

import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.beamlake.capture.CapturedFile;

/**
 * One target of a {@link CaptureJdbc}: plan, read the splits in parallel through {@link
 * JdbcIO#readAll}, write JSON lines into a fixed number of shards, describe each file.
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
    PCollection<String> lines = plan
        .apply("Splits", FlatMapElements.into(TypeDescriptor.of(JdbcSplit.class)).via(CapturePlan::splits))
        .setCoder(SerializableCoder.of(JdbcSplit.class))
        // A handful of splits: spread them over workers; the rows themselves are not reshuffled.
        .apply("SpreadSplits", Reshuffle.viaRandomKey())
        .apply("Read", JdbcIO.<JdbcSplit, String>readAll()
            .withDataSourceProviderFn(dataSource)
            .withQuery(sql.read())
            .withParameterSetter(new SplitParameters())
            .withRowMapper(new JsonLines(dialect))
            .withCoder(StringUtf8Coder.of())
            .withOutputParallelization(false));
    WriteFilesResult<Void> written = lines.apply("Write", TextIO.write()
        .to(stagingDirectory + target.name() + "/part")
        .withShardNameTemplate("-SSSSS")
        .withSuffix(".jsonl")
        .withNumShards(shards)
        .withOutputFilenames());
    return written.getPerDestinationOutputFilenames()
        .apply("Filenames", Values.create())
        .apply("Describe", ParDo.of(new DescribeFileFn(target.name(), from, planView)).withSideInputs(planView))
        .setCoder(SerializableCoder.of(CapturedFile.class));
  }
}
