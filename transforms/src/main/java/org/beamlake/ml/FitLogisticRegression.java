package org.beamlake.ml;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.beamlake.ml.ModelArtifact.GroupModel;

/**
 * Binary logistic regression (label 0 or 1) by Newton's method (IRLS) with optional L2, for all
 * rows (no per-group fit).
 *
 * <p>Each iteration is one pass: every training row adds its gradient and Hessian terms, summed
 * exactly ({@link ExactSums}), and the step is solved once. Iterations are unrolled in the graph,
 * as for {@link FitKMeans}, up to a cap; once the largest step is below the tolerance later
 * iterations emit nothing and pass the coefficients on. Objective: mean log-loss {@code +
 * l2/2·‖w‖²}, intercept not penalised. Metrics: {@code log_loss}, {@code accuracy} and {@code auc}
 * per split; AUC ranks the split's scores in one place, so it suits splits of up to millions of rows.
 */
public final class FitLogisticRegression extends PTransform<PCollection<Row>, PCollection<ModelArtifact>> {
  private final FitSettings settings;
  private final String label;
  private final double l2;
  private final int maxIterations;
  private final double tolerance;

  private FitLogisticRegression(FitSettings settings, String label, double l2, int maxIterations, double tolerance) {
    this.settings = settings;
    this.label = label;
    this.l2 = l2;
    this.maxIterations = maxIterations;
    this.tolerance = tolerance;
  }

  /** No L2, at most 25 Newton iterations, tolerance 1e-10 on the largest step. */
  public static FitLogisticRegression of(FitSettings settings, String label) {
    if (!settings.groupBy().isEmpty()) {
      throw new IllegalArgumentException("model '" + settings.name() + "': logistic regression fits all rows, not per group");
    }
    return new FitLogisticRegression(settings, label, 0, 25, 1e-10);
  }

  public FitLogisticRegression withL2(double strength) {
    if (!(strength >= 0) || Double.isInfinite(strength)) {
      throw new IllegalArgumentException("l2 must be a finite number >= 0, got " + strength);
    }
    return new FitLogisticRegression(settings, label, strength, maxIterations, tolerance);
  }

  public FitLogisticRegression withMaxIterations(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("max_iterations must be >= 1, got " + cap);
    }
    return new FitLogisticRegression(settings, label, l2, cap, tolerance);
  }

  @Override
  public PCollection<ModelArtifact> expand(PCollection<Row> rows) {
    settings.check(rows.getSchema(), label);
    FitSettings s = settings;
    PCollection<Row> train = rows.apply("TrainSplit", Filter.by(row -> !s.isTest(row)));
    PCollectionView<FittedFeatures> features =
        train.apply("FitFeatures", FitFeatures.of(settings.features())).apply("FeaturesView", View.asSingleton());
    Coder<GroupModel> coder = SerializableCoder.of(GroupModel.class);
    PCollection<GroupModel> model =
        rows.getPipeline().apply("Start", Create.of(new GroupModel(List.of(), 0, 0, null, null, Map.of())).withCoder(coder));
    for (int i = 1; i <= maxIterations; i++) {
      PCollectionView<GroupModel> previous = model.apply("Newton" + i + "/View", View.asSingleton());
      model = train
          .apply("Newton" + i + "/Terms", ParDo.of(new NewtonTermsFn(label, features, previous)).withSideInputs(features, previous))
          .setCoder(DoublesCoder.INSTANCE)
          .apply("Newton" + i + "/Sum", Combine.globally(new ExactSums()))
          .apply("Newton" + i + "/Step", ParDo.of(new StepFn(previous, l2, tolerance)).withSideInputs(previous))
          .setCoder(coder);
    }
    Map<String, Object> options = settings.options(Map.of("l2", l2, "max_iterations", maxIterations));
    return model
        .apply("Keyed", org.apache.beam.sdk.transforms.WithKeys.of(GroupKey.NONE))
        .setCoder(org.apache.beam.sdk.coders.KvCoder.of(org.apache.beam.sdk.coders.StringUtf8Coder.of(), coder))
        .apply("Assemble", Assemble.of(settings, ModelType.LOGISTIC_REGRESSION, label, options, features))
        .apply("Metrics", ClassificationMetrics.of(rows, settings, label));
  }

  /** Per row: 1, then (y − p)·z, then the upper triangle of p(1 − p)·z·zᵀ, with z = (x, 1). */
  static final class NewtonTermsFn extends DoFn<Row, double[]> {
    private final String label;
    private final PCollectionView<FittedFeatures> features;
    private final PCollectionView<GroupModel> previous;

    NewtonTermsFn(String label, PCollectionView<FittedFeatures> features, PCollectionView<GroupModel> previous) {
      this.label = label;
      this.features = features;
      this.previous = previous;
    }

    private transient SkippedTerms skipped;

    @StartBundle
    public void startBundle() {
      skipped = new SkippedTerms();
    }

    @ProcessElement
    public void process(@Element Row row, BoundedWindow window, ProcessContext context) {
      GroupModel model = context.sideInput(previous);
      if ("converged".equals(model.note())) {
        skipped.skip(window, context.timestamp());
        return;
      }
      double[] x = context.sideInput(features).vector(row);
      double y = FittedFeatures.toDouble(row.getValue(label));
      if (y != 0 && y != 1) {
        throw new IllegalArgumentException(label + " must be 0 or 1 for logistic regression, got " + y);
      }
      double[] z = new double[x.length + 1];
      System.arraycopy(x, 0, z, 0, x.length);
      z[x.length] = 1;
      double p = model.coefficients() == null ? 0.5 : Scorer.sigmoid(Scorer.linear(model, x));
      int m = z.length;
      double[] terms = new double[1 + m + m * (m + 1) / 2];
      terms[0] = 1;
      int t = 1;
      for (int a = 0; a < m; a++) {
        terms[t++] = (y - p) * z[a];
      }
      double w = p * (1 - p);
      for (int a = 0; a < m; a++) {
        for (int b = a; b < m; b++) {
          terms[t++] = w * z[a] * z[b];
        }
      }
      context.output(terms);
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      skipped.finishBundle(context);
    }
  }

  /** One Newton step on the summed terms; the note "converged" stops later iterations. */
  static final class StepFn extends DoFn<BigDecimal[], GroupModel> {
    private final PCollectionView<GroupModel> previous;
    private final double l2;
    private final double tolerance;

    StepFn(PCollectionView<GroupModel> previous, double l2, double tolerance) {
      this.previous = previous;
      this.l2 = l2;
      this.tolerance = tolerance;
    }

    @ProcessElement
    public void process(@Element BigDecimal[] s, ProcessContext context) {
      GroupModel model = context.sideInput(previous);
      if (s.length == 0) {
        context.output(model);
        return;
      }
      long n = s[0].longValueExact();
      int m = (int) Math.round((Math.sqrt(8.0 * (s.length - 1) + 9) - 3) / 2);
      double[] w = new double[m];
      if (model.coefficients() != null) {
        for (int a = 0; a < m - 1; a++) {
          w[a] = model.coefficients().get(a);
        }
        w[m - 1] = model.intercept();
      }
      double[] gradient = new double[m];
      double[][] hessian = new double[m][m];
      for (int a = 0; a < m; a++) {
        gradient[a] = s[1 + a].doubleValue() - (a < m - 1 ? n * l2 * w[a] : 0);
      }
      int t = 1 + m;
      for (int a = 0; a < m; a++) {
        for (int b = a; b < m; b++) {
          hessian[a][b] = s[t].doubleValue();
          hessian[b][a] = s[t++].doubleValue();
        }
        if (a < m - 1) {
          hessian[a][a] += n * l2;
        }
      }
      double[] step = new LUDecomposition(new Array2DRowRealMatrix(hessian, false)).getSolver()
          .solve(new ArrayRealVector(gradient, false)).toArray();
      double largest = 0;
      List<Double> coefficients = new ArrayList<>();
      for (int a = 0; a < m - 1; a++) {
        coefficients.add(w[a] + step[a]);
        largest = Math.max(largest, Math.abs(step[a]));
      }
      largest = Math.max(largest, Math.abs(step[m - 1]));
      int iterations = (int) (model.metrics().getOrDefault("iterations", 0.0) + 1);
      Map<String, Double> metrics = new TreeMap<>(Map.of("iterations", (double) iterations));
      context.output(new GroupModel(List.of(), n, w[m - 1] + step[m - 1], coefficients,
          largest < tolerance ? "converged" : null, metrics));
    }
  }
}
