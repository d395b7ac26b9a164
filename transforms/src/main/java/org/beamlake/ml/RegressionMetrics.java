package org.beamlake.ml;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.beamlake.ml.ModelArtifact.GroupModel;

/**
 * Adds a linear regression's metrics per group and split to its artifact: {@code rows}, {@code
 * rmse}, {@code mae} and {@code r2}, prefixed {@code train_} and {@code test_}. Residual sums are
 * exact ({@link ExactSums}), so the metrics agree across runners as the coefficients do.
 */
final class RegressionMetrics extends PTransform<PCollection<ModelArtifact>, PCollection<ModelArtifact>> {
  private final PCollection<Row> rows;
  private final FitSettings settings;
  private final String label;

  private RegressionMetrics(PCollection<Row> rows, FitSettings settings, String label) {
    this.rows = rows;
    this.settings = settings;
    this.label = label;
  }

  static RegressionMetrics of(PCollection<Row> rows, FitSettings settings, String label) {
    return new RegressionMetrics(rows, settings, label);
  }

  @Override
  public PCollection<ModelArtifact> expand(PCollection<ModelArtifact> model) {
    PCollectionView<ModelArtifact> view = model.apply("ModelView", View.asSingleton());
    PCollectionView<Map<String, Iterable<Map<String, Double>>>> metrics =
        rows.apply("ResidualTerms", ParDo.of(new ResidualTermsFn(settings, label, view)).withSideInputs(view))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), DoublesCoder.INSTANCE))
            .apply("SumPerGroupAndSplit", Combine.perKey(new ExactSums()))
            .apply("ToMetrics", ParDo.of(new ToMetricsFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), MapCoder.of(StringUtf8Coder.of(), DoubleCoder.of())))
            .apply("MetricsView", View.asMultimap());
    return model.apply("AddMetrics", ParDo.of(new AddMetricsFn(metrics)).withSideInputs(metrics))
        .setCoder(SerializableCoder.of(ModelArtifact.class));
  }

  /** Per row with a fitted group: key {@code split group}, terms 1, r², |r|, y, y². */
  static final class ResidualTermsFn extends DoFn<Row, KV<String, double[]>> {
    private final FitSettings settings;
    private final String label;
    private final PCollectionView<ModelArtifact> model;
    private transient Scorer scorer;

    ResidualTermsFn(FitSettings settings, String label, PCollectionView<ModelArtifact> model) {
      this.settings = settings;
      this.label = label;
      this.model = model;
    }

    @ProcessElement
    public void process(@Element Row row, ProcessContext context) {
      if (scorer == null) {
        scorer = new Scorer(context.sideInput(model));
      }
      GroupModel group = scorer.group(row);
      if (group == null) {
        return;
      }
      double y = FittedFeatures.toDouble(row.getValue(label));
      double r = y - Scorer.linear(group, scorer.artifact().features().vector(row));
      String split = settings.isTest(row) ? "test" : "train";
      context.output(KV.of(split + " " + GroupKey.of(row, settings.groupBy()),
          new double[] {1, r * r, Math.abs(r), y, y * y}));
    }
  }

  static final class ToMetricsFn extends DoFn<KV<String, BigDecimal[]>, KV<String, Map<String, Double>>> {
    @ProcessElement
    public void process(@Element KV<String, BigDecimal[]> sums, OutputReceiver<KV<String, Map<String, Double>>> out) {
      String key = sums.getKey();
      String split = key.substring(0, key.indexOf(' '));
      BigDecimal[] s = sums.getValue();
      BigDecimal n = s[0];
      double sse = s[1].doubleValue();
      double total = s[4].subtract(s[3].multiply(s[3]).divide(n, ExactSums.PRECISION)).doubleValue();
      Map<String, Double> metrics = new TreeMap<>();
      metrics.put(split + "_rows", n.doubleValue());
      metrics.put(split + "_rmse", Math.sqrt(s[1].divide(n, ExactSums.PRECISION).doubleValue()));
      metrics.put(split + "_mae", s[2].divide(n, ExactSums.PRECISION).doubleValue());
      if (total > 0) {
        metrics.put(split + "_r2", 1 - sse / total);
      }
      out.output(KV.of(key.substring(key.indexOf(' ') + 1), metrics));
    }
  }

  static final class AddMetricsFn extends DoFn<ModelArtifact, ModelArtifact> {
    private final PCollectionView<Map<String, Iterable<Map<String, Double>>>> metrics;

    AddMetricsFn(PCollectionView<Map<String, Iterable<Map<String, Double>>>> metrics) {
      this.metrics = metrics;
    }

    @ProcessElement
    public void process(@Element ModelArtifact model, ProcessContext context) {
      Map<String, Iterable<Map<String, Double>>> all = context.sideInput(metrics);
      List<GroupModel> groups = new ArrayList<>();
      for (GroupModel group : model.groups()) {
        Map<String, Double> merged = new TreeMap<>();
        Iterable<Map<String, Double>> found = all.get(GroupKey.encode(group.group()));
        if (found != null) {
          found.forEach(merged::putAll);
        }
        groups.add(new GroupModel(group.group(), group.trainingRows(), group.intercept(),
            group.coefficients(), group.note(), merged));
      }
      context.output(model.withGroups(groups));
    }
  }
}
