package org.beamlake.ml;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.CombineWithContext;
import org.apache.beam.sdk.transforms.CombineWithContext.CombineFnWithContext;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * k-means on the assembled (by default scaled) features: k-means++ initialisation, then Lloyd
 * iterations up to a cap, stopping early once no centre moves more than the tolerance.
 *
 * <p>The iterations are unrolled in one graph, each a global combine of exact sums ({@link
 * ExactSums}) over the points with the previous centres as a side input: one stage per step, one
 * pipeline per stage of beamlake, no driver loop of separate pipelines (whose start-up on Spark
 * would cost more than the iterations here). After convergence a step sums nothing (its points emit
 * only {@link SkippedTerms}) and passes the centres on. k-means++ picks each next centre by
 * weighted sampling without a sequential scan: every point draws {@code u} from a hash of the
 * seed, the step and its coordinates, and the point with the largest {@code ln(u)/d²} wins
 * (Efraimidis–Spirakis), a max that any runner computes alike. The initial centres are recorded in
 * the artifact. Metrics: {@code wssse} and {@code cluster_sizes}.
 */
public final class FitKMeans extends PTransform<PCollection<Row>, PCollection<ModelArtifact>> {
  private final FitSettings settings;
  private final int k;
  private final int maxIterations;
  private final double tolerance;
  private final @Nullable List<double[]> initialCentres;

  private FitKMeans(FitSettings settings, int k, int maxIterations, double tolerance,
      @Nullable List<double[]> initialCentres) {
    this.settings = settings;
    this.k = k;
    this.maxIterations = maxIterations;
    this.tolerance = tolerance;
    this.initialCentres = initialCentres;
  }

  /** k clusters, at most 20 iterations, tolerance 1e-4 (Spark MLlib's defaults). */
  public static FitKMeans of(FitSettings settings, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    return new FitKMeans(settings, k, 20, 1e-4, null);
  }

  public FitKMeans withMaxIterations(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("max_iterations must be >= 1, got " + cap);
    }
    return new FitKMeans(settings, k, cap, tolerance, initialCentres);
  }

  public FitKMeans withTolerance(double distance) {
    if (!(distance >= 0)) {
      throw new IllegalArgumentException("tolerance must be >= 0, got " + distance);
    }
    return new FitKMeans(settings, k, maxIterations, distance, initialCentres);
  }

  /** Starts from these centres (in the assembled feature space) instead of k-means++. */
  public FitKMeans withInitialCentres(List<double[]> centres) {
    if (centres.size() != k) {
      throw new IllegalArgumentException("expected " + k + " initial centres, got " + centres.size());
    }
    return new FitKMeans(settings, k, maxIterations, tolerance, List.copyOf(centres));
  }

  @Override
  public PCollection<ModelArtifact> expand(PCollection<Row> rows) {
    settings.check(rows.getSchema(), null);
    PCollectionView<FittedFeatures> features =
        rows.apply("FitFeatures", FitFeatures.of(settings.features())).apply("FeaturesView", View.asSingleton());
    PCollection<double[]> points =
        rows.apply("Assemble", ParDo.of(new VectorFn(features)).withSideInputs(features))
            .setCoder(DoublesCoder.INSTANCE);
    Coder<KMeansState> stateCoder = KMeansStateCoder.INSTANCE;
    PCollection<KMeansState> state;
    if (initialCentres != null) {
      state = rows.getPipeline().apply("InitialCentres", Create.of(new KMeansState(initialCentres, 0, false)).withCoder(stateCoder));
    } else {
      state = rows.getPipeline().apply("NoCentres", Create.of(new KMeansState(List.of(), 0, false)).withCoder(stateCoder));
      for (int c = 0; c < k; c++) {
        PCollectionView<KMeansState> previous = state.apply("Init" + c + "/View", View.asSingleton());
        PCollection<double[]> chosen =
            points.apply("Init" + c + "/Draw", Combine.globally(new DrawFn(previous, settings.seed(), c)).withSideInputs(previous))
                .setCoder(DoublesCoder.INSTANCE);
        state = chosen.apply("Init" + c + "/Add", ParDo.of(new AddCentreFn(previous)).withSideInputs(previous)).setCoder(stateCoder);
      }
    }
    PCollection<KMeansState> initial = state;
    for (int i = 1; i <= maxIterations; i++) {
      PCollectionView<KMeansState> previous = state.apply("Iteration" + i + "/View", View.asSingleton());
      state = points
          .apply("Iteration" + i + "/Assign", ParDo.of(new AssignFn(previous, false)).withSideInputs(previous))
          .setCoder(DoublesCoder.INSTANCE)
          .apply("Iteration" + i + "/Sum", Combine.globally(new ExactSums()))
          .apply("Iteration" + i + "/Move", ParDo.of(new MoveFn(previous, tolerance * tolerance)).withSideInputs(previous))
          .setCoder(stateCoder);
    }
    PCollectionView<KMeansState> last = state.apply("Final/View", View.asSingleton());
    PCollectionView<KMeansState> first = initial.apply("Initial/View", View.asSingleton());
    Map<String, Object> options = settings.options(Map.of("k", k, "max_iterations", maxIterations, "tolerance", tolerance));
    return points
        .apply("Final/Assign", ParDo.of(new AssignFn(last, true)).withSideInputs(last))
        .setCoder(DoublesCoder.INSTANCE)
        .apply("Final/Sum", Combine.globally(new ExactSums()))
        .apply("Final/Artifact", ParDo.of(new ArtifactFn(settings, options, features, first, last))
            .withSideInputs(features, first, last))
        .setCoder(SerializableCoder.of(ModelArtifact.class));
  }

  static final class VectorFn extends DoFn<Row, double[]> {
    private final PCollectionView<FittedFeatures> features;

    VectorFn(PCollectionView<FittedFeatures> features) {
      this.features = features;
    }

    @ProcessElement
    public void process(@Element Row row, ProcessContext context) {
      context.output(context.sideInput(features).vector(row));
    }
  }

  /** One k-means++ draw: the point with the largest ln(u)/d², ties broken by coordinates. */
  static final class DrawFn extends CombineFnWithContext<double[], double[], double[]> {
    private final PCollectionView<KMeansState> previous;
    private final long seed;
    private final int step;

    DrawFn(PCollectionView<KMeansState> previous, long seed, int step) {
      this.previous = previous;
      this.seed = seed;
      this.step = step;
    }

    /** No point drawn (no points, or all on the centres already): no centre is added. */
    @Override
    public double[] defaultValue() {
      return new double[0];
    }

    @Override
    public double[] createAccumulator(CombineWithContext.Context context) {
      return new double[0];
    }

    @Override
    public double[] addInput(double[] best, double[] x, CombineWithContext.Context context) {
      KMeansState state = context.sideInput(previous);
      double weight = state.centres().isEmpty() ? 1 : state.nearest(x)[1];
      if (!(weight > 0)) {
        return best;
      }
      double[] candidate = Arrays.copyOf(x, x.length + 1);
      candidate[x.length] = Math.log(uniform(x)) / weight;
      return better(candidate, best) ? candidate : best;
    }

    private double uniform(double[] x) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer bytes = ByteBuffer.allocate(16 + 8 * x.length).putLong(seed).putLong(step);
        for (double v : x) {
          bytes.putLong(Double.doubleToLongBits(v));
        }
        sha.update(bytes.array());
        long bits = ByteBuffer.wrap(sha.digest()).getLong() >>> 11;
        return (bits + 0.5) * 0x1.0p-53;
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    static boolean better(double[] a, double[] b) {
      if (b.length == 0) {
        return true;
      }
      int last = a.length - 1;
      if (a[last] != b[last]) {
        return a[last] > b[last];
      }
      return Arrays.compare(a, b) < 0;
    }

    @Override
    public double[] mergeAccumulators(Iterable<double[]> accumulators, CombineWithContext.Context context) {
      double[] best = new double[0];
      for (double[] a : accumulators) {
        if (a.length > 0 && better(a, best)) {
          best = a;
        }
      }
      return best;
    }

    @Override
    public double[] extractOutput(double[] best, CombineWithContext.Context context) {
      return best.length == 0 ? best : Arrays.copyOf(best, best.length - 1);
    }

    @Override
    public Coder<double[]> getAccumulatorCoder(CoderRegistry registry, Coder<double[]> input) {
      return DoublesCoder.INSTANCE;
    }

    @Override
    public Coder<double[]> getDefaultOutputCoder(CoderRegistry registry, Coder<double[]> input) {
      return DoublesCoder.INSTANCE;
    }
  }

  static final class AddCentreFn extends DoFn<double[], KMeansState> {
    private final PCollectionView<KMeansState> previous;

    AddCentreFn(PCollectionView<KMeansState> previous) {
      this.previous = previous;
    }

    @ProcessElement
    public void process(@Element double[] centre, ProcessContext context) {
      KMeansState state = context.sideInput(previous);
      context.output(centre.length == 0 ? state : state.withCentre(centre));
    }
  }

  /** Per point: 1 and the coordinates in its cluster's slots, then d² (or nothing once converged). */
  static final class AssignFn extends DoFn<double[], double[]> {
    private final PCollectionView<KMeansState> centres;
    private final boolean always;

    AssignFn(PCollectionView<KMeansState> centres, boolean always) {
      this.centres = centres;
      this.always = always;
    }

    private transient SkippedTerms skipped;

    @StartBundle
    public void startBundle() {
      skipped = new SkippedTerms();
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      skipped.finishBundle(context);
    }

    @ProcessElement
    public void process(@Element double[] x, BoundedWindow window, ProcessContext context) {
      KMeansState state = context.sideInput(centres);
      if (state.centres().isEmpty()) {
        return;
      }
      if (state.converged() && !always) {
        skipped.skip(window, context.timestamp());
        return;
      }
      double[] nearest = state.nearest(x);
      int width = x.length + 1;
      double[] terms = new double[state.centres().size() * width + 1];
      int c = (int) nearest[0];
      terms[c * width] = 1;
      System.arraycopy(x, 0, terms, c * width + 1, x.length);
      terms[terms.length - 1] = nearest[1];
      context.output(terms);
    }
  }

  /** New centres: each cluster's mean (an empty cluster keeps its centre). */
  static final class MoveFn extends DoFn<BigDecimal[], KMeansState> {
    private final PCollectionView<KMeansState> previous;
    private final double toleranceSquared;

    MoveFn(PCollectionView<KMeansState> previous, double toleranceSquared) {
      this.previous = previous;
      this.toleranceSquared = toleranceSquared;
    }

    @ProcessElement
    public void process(@Element BigDecimal[] sums, ProcessContext context) {
      KMeansState state = context.sideInput(previous);
      if (sums.length == 0) {
        context.output(state);
        return;
      }
      List<double[]> moved = new ArrayList<>();
      boolean converged = true;
      for (int c = 0; c < state.centres().size(); c++) {
        double[] old = state.centres().get(c);
        int width = old.length + 1;
        BigDecimal n = sums[c * width];
        if (n.signum() == 0) {
          moved.add(old);
          continue;
        }
        double[] centre = new double[old.length];
        double shift = 0;
        for (int i = 0; i < old.length; i++) {
          centre[i] = sums[c * width + 1 + i].divide(n, ExactSums.PRECISION).doubleValue();
          shift += (centre[i] - old[i]) * (centre[i] - old[i]);
        }
        converged &= shift <= toleranceSquared;
        moved.add(centre);
      }
      context.output(new KMeansState(moved, state.iterations() + 1, converged));
    }
  }

  static final class ArtifactFn extends DoFn<BigDecimal[], ModelArtifact> {
    private final FitSettings settings;
    private final Map<String, Object> options;
    private final PCollectionView<FittedFeatures> features;
    private final PCollectionView<KMeansState> first;
    private final PCollectionView<KMeansState> last;

    ArtifactFn(FitSettings settings, Map<String, Object> options, PCollectionView<FittedFeatures> features,
        PCollectionView<KMeansState> first, PCollectionView<KMeansState> last) {
      this.settings = settings;
      this.options = new TreeMap<>(options);
      this.features = features;
      this.first = first;
      this.last = last;
    }

    @ProcessElement
    public void process(@Element BigDecimal[] sums, ProcessContext context) {
      KMeansState state = context.sideInput(last);
      FittedFeatures fitted = context.sideInput(features);
      int width = fitted.size() + 1;
      List<Long> sizes = new ArrayList<>();
      long rows = 0;
      for (int c = 0; c < state.centres().size(); c++) {
        long size = sums.length == 0 ? 0 : sums[c * width].longValueExact();
        sizes.add(size);
        rows += size;
      }
      Map<String, Object> metrics = new TreeMap<>();
      metrics.put("wssse", sums.length == 0 ? 0.0 : sums[sums.length - 1].doubleValue());
      metrics.put("cluster_sizes", sizes);
      metrics.put("iterations", state.iterations());
      metrics.put("converged", state.converged());
      metrics.put("initial_centroids", context.sideInput(first).centroids());
      context.output(new ModelArtifact(ModelArtifact.FORMAT, settings.name(), ModelType.KMEANS, settings.runId(),
          null, List.of(), fitted, fitted.names(), options, rows, List.of(), state.centroids(), metrics));
    }
  }
}
