package org.beamlake.ml;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.beamlake.ml.ModelArtifact.GroupModel;

/**
 * Ordinary least squares with optional L2, per group or for all rows, fitted exactly in one pass.
 *
 * <p>Each training row contributes its sufficient statistics (count, sums, cross products of the
 * scaled features and the label); {@code Combine.perKey} adds them exactly ({@link ExactSums}), and
 * each group's normal equations are solved once, on centred moments computed in 34-digit decimals:
 * {@code (Cxx + n·l2·I) w = Cxy}, intercept {@code ȳ − w·x̄}. The objective is {@code 1/(2n)·Σ r² +
 * l2/2·‖w‖²}, intercept not penalised. A group whose features are constant or collinear gets no
 * coefficients and a note, and its rows are quarantined when scored. Metrics (RMSE, MAE, R²) on the
 * train and test splits. Input rows must have no null in the columns read ({@link CheckFeatures}).
 *
 * <pre>{@code
 * PCollection<ModelArtifact> model = rows.apply(FitLinearRegression.of(
 *     FitSettings.of("trend", runId, FeatureSpec.numeric(List.of("year"), false))
 *         .withGroupBy(List.of("INDICATOR")), "OBS_VALUE"));
 * }</pre>
 */
public final class FitLinearRegression extends PTransform<PCollection<Row>, PCollection<ModelArtifact>> {
  private final FitSettings settings;
  private final String label;
  private final double l2;

  private FitLinearRegression(FitSettings settings, String label, double l2) {
    this.settings = settings;
    this.label = label;
    this.l2 = l2;
  }

  public static FitLinearRegression of(FitSettings settings, String label) {
    return new FitLinearRegression(settings, label, 0);
  }

  public FitLinearRegression withL2(double strength) {
    if (!(strength >= 0) || Double.isInfinite(strength)) {
      throw new IllegalArgumentException("l2 must be a finite number >= 0, got " + strength);
    }
    return new FitLinearRegression(settings, label, strength);
  }

  @Override
  public PCollection<ModelArtifact> expand(PCollection<Row> rows) {
    settings.check(rows.getSchema(), label);
    FitSettings s = settings;
    PCollection<Row> train = rows.apply("TrainSplit", Filter.by(row -> !s.isTest(row)));
    PCollectionView<FittedFeatures> features =
        train.apply("FitFeatures", FitFeatures.of(settings.features())).apply("FeaturesView", View.asSingleton());
    PCollection<KV<String, GroupModel>> groups =
        train
            .apply("NormalTerms", ParDo.of(new NormalTermsFn(settings.groupBy(), label, features)).withSideInputs(features))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), DoublesCoder.INSTANCE))
            .apply("SumPerGroup", Combine.perKey(new ExactSums()))
            .apply("Solve", ParDo.of(new SolveFn(l2)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(GroupModel.class)));
    Map<String, Object> options = settings.options(Map.of("l2", l2));
    return groups.apply("Assemble", Assemble.of(settings, ModelType.LINEAR_REGRESSION, label, options, features))
        .apply("Metrics", RegressionMetrics.of(rows, settings, label));
  }

  /** Per row: 1, z, and the upper triangle of z·zᵀ, where z = (scaled features, label). */
  static final class NormalTermsFn extends DoFn<Row, KV<String, double[]>> {
    private final List<String> groupBy;
    private final String label;
    private final PCollectionView<FittedFeatures> features;

    NormalTermsFn(List<String> groupBy, String label, PCollectionView<FittedFeatures> features) {
      this.groupBy = groupBy;
      this.label = label;
      this.features = features;
    }

    static int length(int p) {
      int m = p + 1;
      return 1 + m + m * (m + 1) / 2;
    }

    @ProcessElement
    public void process(@Element Row row, ProcessContext context, OutputReceiver<KV<String, double[]>> out) {
      double[] x = context.sideInput(features).vector(row);
      int m = x.length + 1;
      double[] z = new double[m];
      System.arraycopy(x, 0, z, 0, x.length);
      z[x.length] = FittedFeatures.toDouble(row.getValue(label));
      double[] terms = new double[length(x.length)];
      terms[0] = 1;
      int t = 1;
      for (int a = 0; a < m; a++) {
        terms[t++] = z[a];
      }
      for (int a = 0; a < m; a++) {
        for (int b = a; b < m; b++) {
          terms[t++] = z[a] * z[b];
        }
      }
      out.output(KV.of(GroupKey.of(row, groupBy), terms));
    }
  }

  /** Solves one group's centred normal equations. */
  static final class SolveFn extends DoFn<KV<String, BigDecimal[]>, KV<String, GroupModel>> {
    private final double l2;

    SolveFn(double l2) {
      this.l2 = l2;
    }

    @ProcessElement
    public void process(@Element KV<String, BigDecimal[]> sums, OutputReceiver<KV<String, GroupModel>> out) {
      out.output(KV.of(sums.getKey(), solve(GroupKey.decode(sums.getKey()), sums.getValue(), l2)));
    }
  }

  static GroupModel solve(List<String> group, BigDecimal[] s, double l2) {
    BigDecimal n = s[0];
    long count = n.longValueExact();
    int m = (int) Math.round((Math.sqrt(8.0 * (s.length - 1) + 9) - 3) / 2);
    int p = m - 1;
    double[][] cxx = new double[p][p];
    double[] cxy = new double[p];
    double[] means = new double[m];
    for (int a = 0; a < m; a++) {
      means[a] = s[1 + a].divide(n, ExactSums.PRECISION).doubleValue();
    }
    int t = 1 + m;
    for (int a = 0; a < m; a++) {
      for (int b = a; b < m; b++) {
        double centred = s[t++].subtract(s[1 + a].multiply(s[1 + b]).divide(n, ExactSums.PRECISION)).doubleValue();
        if (b < p) {
          cxx[a][b] = centred;
          cxx[b][a] = centred;
        } else if (a < p) {
          cxy[a] = centred;
        }
      }
    }
    for (int a = 0; a < p; a++) {
      cxx[a][a] += count * l2;
    }
    double[] w;
    try {
      RealMatrix matrix = new Array2DRowRealMatrix(cxx, false);
      w = new CholeskyDecomposition(matrix).getSolver().solve(new ArrayRealVector(cxy, false)).toArray();
    } catch (MathIllegalArgumentException e) {
      return new GroupModel(group, count, means[p], null,
          "not fitted: the features are constant or collinear in this group (" + count + " rows)", Map.of());
    }
    double intercept = means[p];
    List<Double> coefficients = new ArrayList<>(p);
    for (int a = 0; a < p; a++) {
      intercept -= w[a] * means[a];
      coefficients.add(w[a]);
    }
    return new GroupModel(group, count, intercept, coefficients, null, Map.of());
  }
}
