package org.beamlake.ml;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.beamlake.ml.ModelArtifact.GroupModel;

/**
 * Adds a logistic regression's metrics per split: {@code rows}, {@code log_loss} (mean, with
 * probabilities clipped to [1e-15, 1 − 1e-15]), {@code accuracy} at 0.5 and {@code auc}
 * (Mann–Whitney with average ranks for ties, over the split's sorted scores).
 */
final class ClassificationMetrics extends PTransform<PCollection<ModelArtifact>, PCollection<ModelArtifact>> {
  private final PCollection<Row> rows;
  private final FitSettings settings;
  private final String label;

  private ClassificationMetrics(PCollection<Row> rows, FitSettings settings, String label) {
    this.rows = rows;
    this.settings = settings;
    this.label = label;
  }

  static ClassificationMetrics of(PCollection<Row> rows, FitSettings settings, String label) {
    return new ClassificationMetrics(rows, settings, label);
  }

  @Override
  public PCollection<ModelArtifact> expand(PCollection<ModelArtifact> model) {
    PCollectionView<ModelArtifact> view = model.apply("ModelView", View.asSingleton());
    PCollection<KV<String, double[]>> scores =
        rows.apply("Scores", ParDo.of(new ScoreFn(settings, label, view)).withSideInputs(view))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), DoublesCoder.INSTANCE));
    KvCoder<String, Map<String, Double>> metricCoder =
        KvCoder.of(StringUtf8Coder.of(), MapCoder.of(StringUtf8Coder.of(), DoubleCoder.of()));
    PCollection<KV<String, Map<String, Double>>> losses =
        scores.apply("LossTerms", ParDo.of(new LossTermsFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), DoublesCoder.INSTANCE))
            .apply("SumPerSplit", Combine.perKey(new ExactSums()))
            .apply("ToLoss", ParDo.of(new ToLossFn()))
            .setCoder(metricCoder);
    PCollection<KV<String, Map<String, Double>>> aucs =
        scores.apply("Rank", Combine.perKey(new SortedScoresFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(DoublesCoder.INSTANCE)))
            .apply("ToAuc", ParDo.of(new ToAucFn()))
            .setCoder(metricCoder);
    PCollectionView<Map<String, Iterable<Map<String, Double>>>> metrics =
        PCollectionList.of(losses).and(aucs).apply("AllMetrics", Flatten.pCollections())
            .apply("MetricsView", View.asMultimap());
    return model.apply("AddMetrics", ParDo.of(new AddFn(metrics)).withSideInputs(metrics))
        .setCoder(SerializableCoder.of(ModelArtifact.class));
  }

  /** Per row: its split, and (probability, label). */
  static final class ScoreFn extends DoFn<Row, KV<String, double[]>> {
    private final FitSettings settings;
    private final String label;
    private final PCollectionView<ModelArtifact> model;

    ScoreFn(FitSettings settings, String label, PCollectionView<ModelArtifact> model) {
      this.settings = settings;
      this.label = label;
      this.model = model;
    }

    @ProcessElement
    public void process(@Element Row row, ProcessContext context) {
      ModelArtifact artifact = context.sideInput(model);
      GroupModel group = artifact.groups().get(0);
      double p = Scorer.sigmoid(Scorer.linear(group, artifact.features().vector(row)));
      double y = FittedFeatures.toDouble(row.getValue(label));
      context.output(KV.of(settings.isTest(row) ? "test" : "train", new double[] {p, y}));
    }
  }

  static final class LossTermsFn extends DoFn<KV<String, double[]>, KV<String, double[]>> {
    @ProcessElement
    public void process(@Element KV<String, double[]> score, OutputReceiver<KV<String, double[]>> out) {
      double p = Math.min(Math.max(score.getValue()[0], 1e-15), 1 - 1e-15);
      double y = score.getValue()[1];
      double loss = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
      double correct = (p >= 0.5 ? 1 : 0) == y ? 1 : 0;
      out.output(KV.of(score.getKey(), new double[] {1, loss, correct}));
    }
  }

  static final class ToLossFn extends DoFn<KV<String, BigDecimal[]>, KV<String, Map<String, Double>>> {
    @ProcessElement
    public void process(@Element KV<String, BigDecimal[]> sums, OutputReceiver<KV<String, Map<String, Double>>> out) {
      String split = sums.getKey();
      BigDecimal[] s = sums.getValue();
      Map<String, Double> metrics = new TreeMap<>();
      metrics.put(split + "_rows", s[0].doubleValue());
      metrics.put(split + "_log_loss", s[1].divide(s[0], ExactSums.PRECISION).doubleValue());
      metrics.put(split + "_accuracy", s[2].divide(s[0], ExactSums.PRECISION).doubleValue());
      out.output(KV.of(GroupKey.NONE, metrics));
    }
  }

  /** All (probability, label) pairs of a split, sorted; order-independent. */
  static final class SortedScoresFn extends Combine.CombineFn<double[], List<double[]>, List<double[]>> {
    @Override
    public List<double[]> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<double[]> addInput(List<double[]> acc, double[] score) {
      acc.add(score);
      return acc;
    }

    @Override
    public List<double[]> mergeAccumulators(Iterable<List<double[]>> accs) {
      List<double[]> merged = new ArrayList<>();
      accs.forEach(merged::addAll);
      return merged;
    }

    @Override
    public List<double[]> extractOutput(List<double[]> acc) {
      List<double[]> sorted = new ArrayList<>(acc);
      sorted.sort(Arrays::compare);
      return sorted;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<List<double[]>> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, org.apache.beam.sdk.coders.Coder<double[]> input) {
      return ListCoder.of(DoublesCoder.INSTANCE);
    }
  }

  static final class ToAucFn extends DoFn<KV<String, List<double[]>>, KV<String, Map<String, Double>>> {
    @ProcessElement
    public void process(@Element KV<String, List<double[]>> split, OutputReceiver<KV<String, Map<String, Double>>> out) {
      List<double[]> sorted = split.getValue();
      double positiveRanks = 0;
      long positives = 0;
      int i = 0;
      while (i < sorted.size()) {
        int j = i;
        while (j < sorted.size() && sorted.get(j)[0] == sorted.get(i)[0]) {
          j++;
        }
        double averageRank = (i + 1 + j) / 2.0;
        for (int t = i; t < j; t++) {
          if (sorted.get(t)[1] == 1) {
            positiveRanks += averageRank;
            positives++;
          }
        }
        i = j;
      }
      long negatives = sorted.size() - positives;
      if (positives > 0 && negatives > 0) {
        double auc = (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
        out.output(KV.of(GroupKey.NONE, Map.of(split.getKey() + "_auc", auc)));
      }
    }
  }

  static final class AddFn extends DoFn<ModelArtifact, ModelArtifact> {
    private final PCollectionView<Map<String, Iterable<Map<String, Double>>>> metrics;

    AddFn(PCollectionView<Map<String, Iterable<Map<String, Double>>>> metrics) {
      this.metrics = metrics;
    }

    @ProcessElement
    public void process(@Element ModelArtifact model, ProcessContext context) {
      GroupModel group = model.groups().get(0);
      Map<String, Double> merged = new TreeMap<>(group.metrics());
      Iterable<Map<String, Double>> found = context.sideInput(metrics).get(GroupKey.NONE);
      if (found != null) {
        found.forEach(merged::putAll);
      }
      context.output(model.withGroups(List.of(new GroupModel(group.group(), group.trainingRows(),
          group.intercept(), group.coefficients(), group.note(), merged))));
    }
  }
}
