package org.beamlake.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.mllib.clustering.KMeans;
import org.apache.spark.mllib.clustering.KMeansModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.beamlake.quarantine.RowResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * beamlake's models against Spark MLlib on the same data, and beamlake against itself: the same
 * fit and scores on the DirectRunner and on Spark, and a model scored in a later run.
 */
class MllibAgreementTest {
  static final Schema SCHEMA =
      Schema.builder().addInt32Field("id").addDoubleField("x1").addDoubleField("x2").addDoubleField("x3")
          .addDoubleField("y").addInt32Field("churned").build();
  static final FeatureSpec FEATURES = FeatureSpec.numeric(List.of("x1", "x2", "x3"), false);
  static final double L2 = 0.1;
  /** Each iteration is a stage of the graph; the blobs here converge well before. */
  static final int KMEANS_ITERATIONS = 6;
  static final List<Row> ROWS = generate();

  @TempDir static Path dir;
  static String directLake;
  static String sparkLake;
  static SparkSession spark;

  static List<Row> generate() {
    Random random = new Random(42);
    double[][] blobs = {{0, 0, 0}, {8, 1, -3}, {-6, 5, 2}, {3, -7, 6}};
    List<Row> rows = new ArrayList<>();
    for (int id = 0; id < 400; id++) {
      double[] c = blobs[id % 4];
      double x1 = c[0] + random.nextGaussian() * 1.5;
      double x2 = c[1] + random.nextGaussian() * 1.5;
      double x3 = c[2] + random.nextGaussian() * 1.5;
      double y = 1.5 + 2 * x1 - 0.5 * x2 + 0.25 * x3 + random.nextGaussian();
      double odds = 0.3 * x1 - 0.2 * x2 + 0.1 * x3 - 0.5;
      int churned = random.nextDouble() < 1 / (1 + Math.exp(-odds)) ? 1 : 0;
      rows.add(Row.withSchema(SCHEMA).addValues(id, x1, x2, x3, y, churned).build());
    }
    return rows;
  }

  static FitSettings settings(String name, String runId) {
    return FitSettings.of(name, runId, FEATURES).withSplit("id", 0.2, 7);
  }

  /** Fits the three models, writes them to the lake and their scores to text files there. */
  static void fitAndScore(Pipeline p, String lake) {
    String refined = lake + "/refined";
    PCollection<Row> rows = p.apply(Create.of(ROWS).withRowSchema(SCHEMA));
    FitSettings ols = settings("ols", "run-a");
    PCollection<ModelArtifact> olsModel =
        rows.apply("FitOls", FitLinearRegression.of(ols, "y")).apply("WriteOls", WriteModel.to(refined));
    rows.apply("FitRidge", FitLinearRegression.of(settings("ridge", "run-a"), "y").withL2(L2))
        .apply("WriteRidge", WriteModel.to(refined));
    FitSettings churn = settings("churn", "run-a");
    PCollection<ModelArtifact> churnModel =
        rows.apply("FitLogistic", FitLogisticRegression.of(churn, "churned").withMaxIterations(10)).apply("WriteLogistic", WriteModel.to(refined));
    writeScores(rows.apply("ScoreLogistic", ScoreModel.of(churn, ModelType.LOGISTIC_REGRESSION, churnModel)
        .withKeyColumns(List.of("id"))), lake + "/logistic-scores", "ScoreLogistic");
    FitSettings segments = FitSettings.of("segments", "run-a", FEATURES).withSplit("id", 0, 3);
    PCollection<ModelArtifact> kmeans =
        rows.apply("FitKMeans", FitKMeans.of(segments, 4).withMaxIterations(KMEANS_ITERATIONS)).apply("WriteKMeans", WriteModel.to(refined));
    writeScores(rows.apply("ScoreOls", ScoreModel.of(ols, ModelType.LINEAR_REGRESSION, olsModel)
        .withKeyColumns(List.of("id"))), lake + "/ols-scores", "ScoreOls");
    writeScores(rows.apply("ScoreKMeans", ScoreModel.of(segments, ModelType.KMEANS, kmeans)
        .withKeyColumns(List.of("id"))), lake + "/kmeans-scores", "ScoreKMeans");
  }

  static void writeScores(RowResult scored, String file, String name) {
    scored.rows()
        .apply(name + "/Format", MapElements.into(TypeDescriptors.strings()).via(row -> row.getValues().toString()))
        .apply(name + "/Write", TextIO.write().to(file).withoutSharding());
  }

  /** The DirectRunner's per-element immutability and encodability checks cost more than the fits. */
  static PipelineOptions direct() {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    return options;
  }

  @BeforeAll
  static void runOnBothRunners() {
    directLake = dir.resolve("direct").toString();
    sparkLake = dir.resolve("spark").toString();
    long start = System.nanoTime();
    Pipeline onDirect = Pipeline.create(direct());
    fitAndScore(onDirect, directLake);
    onDirect.run().waitUntilFinish();
    System.out.printf("DirectRunner fit and score: %.1f s%n", (System.nanoTime() - start) / 1e9);
    start = System.nanoTime();

    SparkPipelineOptions options = PipelineOptionsFactory.as(SparkPipelineOptions.class);
    options.setRunner(SparkRunner.class);
    options.setSparkMaster("local[2]");
    Pipeline onSpark = Pipeline.create(options);
    fitAndScore(onSpark, sparkLake);
    onSpark.run().waitUntilFinish();
    System.out.printf("Spark fit and score: %.1f s%n", (System.nanoTime() - start) / 1e9);

    spark = SparkSession.builder().master("local[2]").appName("mllib-reference")
        .config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  static ModelArtifact model(String lake, String name, String runId) throws IOException {
    return ModelArtifact.read(lake + "/refined", name, runId);
  }

  static List<String> sortedLines(String file) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(file)));
    lines.sort(null);
    return lines;
  }

  @Test
  void directRunnerAndSparkFitAndScoreIdentically() throws IOException {
    for (String name : List.of("ols", "ridge", "churn", "segments")) {
      assertEquals(model(directLake, name, "run-a").toJson(), model(sparkLake, name, "run-a").toJson(), name);
    }
    assertEquals(sortedLines(directLake + "/ols-scores"), sortedLines(sparkLake + "/ols-scores"));
    assertEquals(sortedLines(directLake + "/kmeans-scores"), sortedLines(sparkLake + "/kmeans-scores"));
    assertEquals(sortedLines(directLake + "/logistic-scores"), sortedLines(sparkLake + "/logistic-scores"));
    assertEquals(400, sortedLines(directLake + "/ols-scores").size());
  }

  @Test
  void aModelScoredInALaterRunGivesTheSamePredictions() throws IOException {
    String lake = directLake;
    Pipeline later = Pipeline.create(direct());
    PCollection<Row> rows = later.apply(Create.of(ROWS).withRowSchema(SCHEMA));
    writeScores(rows.apply("ScoreOls", ScoreModel.of(model(lake, "ols", "run-a")).withKeyColumns(List.of("id"))),
        lake + "/ols-scores-run-b", "ScoreOls");
    writeScores(rows.apply("ScoreKMeans", ScoreModel.of(model(lake, "segments", "run-a")).withKeyColumns(List.of("id"))),
        lake + "/kmeans-scores-run-b", "ScoreKMeans");
    later.run().waitUntilFinish();
    assertEquals(sortedLines(lake + "/ols-scores"), sortedLines(lake + "/ols-scores-run-b"));
    assertEquals(sortedLines(lake + "/kmeans-scores"), sortedLines(lake + "/kmeans-scores-run-b"));
  }

  /** The training split as MLlib sees it: the same hash split, features assembled unscaled. */
  static Dataset<org.apache.spark.sql.Row> training() {
    StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
        .add("x3", DataTypes.DoubleType).add("y", DataTypes.DoubleType).add("churned", DataTypes.DoubleType);
    List<org.apache.spark.sql.Row> rows = new ArrayList<>();
    for (Row row : ROWS) {
      if (!HashSplit.isTest(row.getInt32("id"), 7, 0.2)) {
        rows.add(RowFactory.create(row.getDouble("x1"), row.getDouble("x2"), row.getDouble("x3"), row.getDouble("y"),
            (double) row.getInt32("churned")));
      }
    }
    return new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3"}).setOutputCol("features")
        .transform(spark.createDataFrame(rows, schema));
  }

  static void assertRelative(double expected, double actual, double tolerance, String what) {
    double relative = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
    assertTrue(relative <= tolerance, what + ": MLlib " + expected + ", beamlake " + actual + " (relative " + relative + ")");
  }

  static void assertSameRegression(LinearRegressionModel reference, ModelArtifact model) {
    ModelArtifact.GroupModel fitted = model.groups().get(0);
    assertEquals(List.of(), fitted.group());
    for (int i = 0; i < 3; i++) {
      assertRelative(reference.coefficients().apply(i), fitted.coefficients().get(i), 1e-6, "coefficient " + i);
    }
    assertRelative(reference.intercept(), fitted.intercept(), 1e-6, "intercept");
    assertEquals((double) reference.summary().numInstances(), (double) fitted.trainingRows());
  }

  @Test
  void olsAgreesWithMllibsNormalEquationSolver() throws IOException {
    LinearRegressionModel reference = new LinearRegression().setSolver("normal").setRegParam(0)
        .setStandardization(false).setLabelCol("y").fit(training());
    assertSameRegression(reference, model(directLake, "ols", "run-a"));
  }

  /**
   * MLlib's normal solver divides regParam by the label's (population) standard deviation (it
   * standardises the label); without feature standardisation its penalty on the raw coefficients is therefore
   * (regParam/σy)/2·‖w‖². beamlake's l2 is the plain λ/2·‖w‖², so regParam = λ·σy compares like with like.
   */
  @Test
  void ridgeAgreesWithMllibAtTheEquivalentRegParam() throws IOException {
    Dataset<org.apache.spark.sql.Row> training = training();
    double labelStd = training.agg(org.apache.spark.sql.functions.stddev_pop("y")).first().getDouble(0);
    LinearRegressionModel reference = new LinearRegression().setSolver("normal").setRegParam(L2 * labelStd)
        .setElasticNetParam(0).setStandardization(false).setLabelCol("y").fit(training);
    assertSameRegression(reference, model(directLake, "ridge", "run-a"));
  }

  /** Unregularised, the maximum-likelihood fit does not depend on MLlib's standardisation. */
  @Test
  void logisticRegressionAgreesWithMllib() throws IOException {
    LogisticRegressionModel reference = new LogisticRegression().setRegParam(0).setMaxIter(200).setTol(1e-12)
        .setLabelCol("churned").fit(training());
    ModelArtifact.GroupModel fitted = model(directLake, "churn", "run-a").groups().get(0);
    for (int i = 0; i < 3; i++) {
      assertRelative(reference.coefficients().apply(i), fitted.coefficients().get(i), 1e-4, "coefficient " + i);
    }
    assertRelative(reference.intercept(), fitted.intercept(), 1e-4, "intercept");
    assertEquals("converged", fitted.note());
  }

  @Test
  @SuppressWarnings("unchecked")
  void kMeansCostAgreesWithMllibFromTheSameInitialCentres() throws IOException {
    ModelArtifact model = model(directLake, "segments", "run-a");
    List<List<Double>> initial = (List<List<Double>>) model.metrics().get("initial_centroids");
    Vector[] centres = initial.stream().map(c -> Vectors.dense(c.stream().mapToDouble(Double::doubleValue).toArray()))
        .toArray(Vector[]::new);
    List<Vector> points = new ArrayList<>();
    ROWS.forEach(r -> points.add(Vectors.dense(r.getDouble("x1"), r.getDouble("x2"), r.getDouble("x3"))));
    JavaRDD<Vector> data = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(points, 2);
    KMeansModel reference = new KMeans().setK(4).setMaxIterations(KMEANS_ITERATIONS).setEpsilon(1e-4)
        .setInitialModel(new KMeansModel(centres)).run(data.rdd());
    double mllibCost = reference.computeCost(data.rdd());
    double cost = ((Number) model.metrics().get("wssse")).doubleValue();
    assertRelative(mllibCost, cost, 0.01, "k-means cost");
    assertEquals(4, model.centroids().size());
    assertEquals(400L, model.trainingRows());
    assertEquals(true, model.metrics().get("converged"));
  }
}
