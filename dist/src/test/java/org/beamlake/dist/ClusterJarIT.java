package org.beamlake.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.Row;
import org.beamlake.aws.S3LakeStore;
import org.beamlake.capture.Secrets;
import org.beamlake.cli.Main;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableReader;
import org.beamlake.ml.ModelArtifact;
import org.beamlake.testdata.FixtureApiServer;
import org.beamlake.testdata.S3StandIn;
import org.beamlake.testdata.SakilaPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster jar as an EMR step would run it: spark-submit in client mode to a Spark 3.5 standalone
 * cluster (a master and two one-core workers on 127.0.0.1, from Maven Central's Spark jars), one
 * submit per stage, the project given as a URI; and once in cluster mode, where the master starts the
 * driver on a worker, with the lake on S3 (an embedded S3Proxy; credentials from the standard AWS
 * variables, as an instance profile would give them on EMR). Its refined tables equal those of the DirectRunner
 * on the same sample data, and the event logs show the tasks ran on both workers' executors. The
 * weather and dvd-rental demos run whole in one submit each; dvd-rental's executors capture Sakila
 * over JDBC from an embedded PostgreSQL, its address and login in their environment.
 */
class ClusterJarIT {
  static final Path JAR = Path.of(System.getProperty("beamlake.clusterJar"));
  static final Path SPARK_HOME = Path.of(System.getProperty("beamlake.sparkHome"));
  static final Path DEMO = Path.of(System.getProperty("beamlake.demoProject")).toAbsolutePath().normalize();
  /** The weather demo: an API with column arrays, run whole in one submit. */
  static final Path WEATHER = Path.of(System.getProperty("beamlake.weatherProject")).toAbsolutePath().normalize();
  /** A project with a CSV source: parsing CSV needs the jar's relocated commons-io, not Spark's 2.13.0. */
  static final Path CSV_PROJECT = Path.of(System.getProperty("beamlake.csvProject")).toAbsolutePath().normalize();
  /** The dvd-rental demo: Sakila captured over JDBC from a PostgreSQL, and a product API. */
  static final Path DVD = Path.of(System.getProperty("beamlake.dvdProject")).toAbsolutePath().normalize();
  static final List<String> FLAGS = Arrays.asList(System.getProperty("beamlake.java17Flags").trim().split("\\s+"));
  static final double TOLERANCE = 1e-9;
  /** Where {@link HostedDriver} is compiled. */
  static final Path TEST_CLASSES = Path.of(HostedDriver.class.getProtectionDomain().getCodeSource().getLocation()
      .getPath());

  @TempDir static Path tmp;
  static StandaloneCluster cluster;
  static Lake direct;
  static Lake onCluster;
  static Lake csvLake;
  /** The lake of the cluster-mode run: on S3 (S3Proxy), credentials from the AWS variables. */
  static S3StandIn s3;
  /** All stages in one driver that the master started on a worker ({@code --deploy-mode cluster}). */
  static Lake clusterMode;
  static Lake weatherDirect;
  static Lake weatherCluster;
  static StandaloneCluster.Submitted weatherSubmit;
  static StandaloneCluster.Submitted clusterModeSubmit;
  static StandaloneCluster.Submitted csvSubmit;
  static Lake hostedLake;
  static StandaloneCluster.Submitted hostedSubmit;
  static final List<StandaloneCluster.Submitted> submits = new ArrayList<>();
  static SakilaPostgres sakila;
  static FixtureApiServer catalogue;
  static Lake dvdDirect;
  static Lake dvdCluster;
  static StandaloneCluster.Submitted dvdSubmit;

  @BeforeAll
  static void runTheDemoOnTheDirectRunnerAndOnTheCluster() throws Exception {
    direct = Lake.at(tmp.resolve("direct-lake").toString());
    onCluster = Lake.at(tmp.resolve("cluster-lake").toString());
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    // The reference run in this JVM while the cluster, in its own processes, mostly waits on start-ups.
    CompletableFuture<Integer> reference = CompletableFuture.supplyAsync(() -> Main.execute("run", DEMO.toString(),
        "--runner", "direct", "--sample", "--lake", direct.base(), "--run-id", "r1"));

    weatherDirect = Lake.at(tmp.resolve("weather-direct").toString());
    CompletableFuture<Integer> weatherReference = reference.thenApply(ok -> Main.execute("run", WEATHER.toString(),
        "--runner", "direct", "--sample", "--lake", weatherDirect.base(), "--run-id", "w1"));
    // The dvd-rental demo's database and product API, on 127.0.0.1; the workers and drivers get their
    // addresses and the database login from the environment, as the project's ${env:…} references say.
    sakila = SakilaPostgres.start(DVD.resolve("sakila"), 0);
    catalogue = FixtureApiServer.start(Files.createDirectories(tmp.resolve("api")))
        .serveCatalogue(DVD.resolve("catalogue/products.json"));
    Map<String, String> dvdEnvironment = Map.of("SAKILA_URL", sakila.url(), "SAKILA_USER", sakila.user(),
        "SAKILA_PASSWORD", sakila.password(), "CATALOGUE_URL", catalogue.url());
    dvdEnvironment.forEach((name, value) -> System.setProperty(Secrets.PROPERTY_PREFIX + name, value));
    dvdDirect = Lake.at(tmp.resolve("dvd-direct").toString());
    CompletableFuture<Integer> dvdReference = weatherReference.thenApply(ok -> Main.execute("run", DVD.toString(),
        "--runner", "direct", "--lake", dvdDirect.base(), "--run-id", "d1"));
    Path events = Files.createDirectories(tmp.resolve("events"));
    s3 = S3StandIn.start();
    System.setProperty("aws.accessKeyId", s3.accessKey());
    System.setProperty("aws.secretAccessKey", s3.secretKey());
    Map<String, String> environment = new java.util.HashMap<>(dvdEnvironment);
    environment.putAll(Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()));
    cluster = StandaloneCluster.start(SPARK_HOME, tmp, FLAGS, 2, environment);
    for (String stage : List.of("capture", "etl", "analytics", "ml")) {
      submits.add(cluster.submit(stage, JAR, "org.beamlake.cli.Main",
          List.of("spark.eventLog.enabled=true", "spark.eventLog.dir=" + events.toUri()),
          List.of("run", DEMO.toUri().toString(), "--stage", stage, "--runner", "spark", "--sample",
              "--lake", onCluster.base(), "--run-id", "r1"),
          Duration.ofMinutes(4)));
    }
    List<String> s3Options = List.of("--awsRegion=us-east-1", "--endpoint=" + s3.endpoint(),
        "--s3ClientFactoryClass=org.beamlake.aws.PathStyleS3ClientBuilderFactory");
    clusterMode = Lake.at("s3://cluster-lake/world");
    // The bucket, as `lake init` makes it (through the store, not the CLI: the reference run in this JVM
    // is using FileSystems meanwhile, and the CLI would reset its options).
    new S3LakeStore().init(clusterMode.base(), PipelineOptionsFactory.fromArgs(s3Options.toArray(String[]::new))
        .create(), true);
    clusterModeSubmit = cluster.submitCluster("cluster-mode", JAR, "org.beamlake.cli.Main", List.of(),
        concat(List.of("run", DEMO.toUri().toString(), "--stage", "all", "--runner", "spark", "--sample",
            "--lake", clusterMode.base(), "--run-id", "r1", "--"), s3Options),
        Duration.ofMinutes(5));
    weatherCluster = Lake.at(tmp.resolve("weather-cluster").toString());
    weatherSubmit = cluster.submit("weather", JAR, "org.beamlake.cli.Main", List.of(),
        List.of("run", WEATHER.toUri().toString(), "--stage", "all", "--runner", "spark", "--sample",
            "--lake", weatherCluster.base(), "--run-id", "w1"),
        Duration.ofMinutes(4));
    dvdCluster = Lake.at(tmp.resolve("dvd-cluster").toString());
    dvdSubmit = cluster.submit("dvd-rental", JAR, "org.beamlake.cli.Main", List.of(),
        List.of("run", DVD.toUri().toString(), "--stage", "all", "--runner", "spark", "--lake", dvdCluster.base(),
            "--run-id", "d1"),
        Duration.ofMinutes(6));
    hostedLake = Lake.at(tmp.resolve("hosted-lake").toString());
    String flags = String.join(" ", FLAGS);
    hostedSubmit = cluster.runHostedDriver("hosted", List.of(JAR, TEST_CLASSES), HostedDriver.class.getName(),
        Map.of("spark.jars", JAR.toString(), "spark.executor.extraJavaOptions", flags, "spark.executor.memory", "768m",
            "spark.ui.enabled", "false"),
        List.of("run", CSV_PROJECT.toString(), "--runner", "spark", "--lake", hostedLake.base(), "--run-id", "h1"),
        Duration.ofMinutes(4));
    csvLake = Lake.at(tmp.resolve("csv-lake").toString());
    csvSubmit = cluster.runBehindSparkJars("csv-project", JAR, "org.beamlake.cli.Main",
        List.of("run", CSV_PROJECT.toString(), "--runner", "direct", "--lake", csvLake.base(), "--run-id", "r1"),
        Duration.ofMinutes(4));
    assertEquals(0, await(reference, 5, "the world-indicators DirectRunner run"), "the DirectRunner run failed");
    assertEquals(0, await(weatherReference, 5, "the weather DirectRunner run"), "the weather DirectRunner run failed");
    assertEquals(0, await(dvdReference, 10, "the dvd-rental DirectRunner run"), "the dvd-rental DirectRunner run failed");
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.fromArgs(s3Options.toArray(String[]::new)).create());
  }

  /**
   * The reference run's exit code; if it has not ended in time, every thread of this JVM is printed
   * first (where the run stands: a stage waiting, or the JVM short of heap), then the timeout thrown.
   */
  static int await(CompletableFuture<Integer> run, long minutes, String what) throws Exception {
    try {
      return run.get(minutes, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      StringBuilder dump = new StringBuilder(what + " has not ended after " + minutes + " minutes; heap used "
          + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1 << 20) + " MiB of "
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; threads:\n");
      for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
        dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState()).append('\n');
        for (StackTraceElement frame : info.getStackTrace()) {
          dump.append("    at ").append(frame).append('\n');
        }
      }
      System.err.println(dump);
      throw e;
    }
  }

  @AfterAll
  static void stopTheCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (s3 != null) {
      s3.close();
    }
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    for (String name : List.of("SAKILA_URL", "SAKILA_USER", "SAKILA_PASSWORD", "CATALOGUE_URL")) {
      System.clearProperty(Secrets.PROPERTY_PREFIX + name);
    }
    if (catalogue != null) {
      catalogue.close();
    }
    if (sakila != null) {
      sakila.close();
    }
  }

  @Test
  void eachStageRanOnTheClustersMaster() throws IOException {
    assertEquals(4, submits.size());
    for (StandaloneCluster.Submitted submit : submits) {
      assertEquals(0, submit.exitCode(), "spark-submit failed; see " + submit.err() + "\n" + submit.out()
          + tail(submit.err()));
      assertTrue(submit.out().startsWith("beamlake: project world-indicators, run r1, spark runner ("
          + cluster.masterUrl() + "), lake " + onCluster.base() + "\n"), submit.out());
    }
  }

  /** Every refined table of the demo, the ml stage's included. */
  static final List<String> REFINED = List.of("stats_country_indicator", "stats_country_global", "life_expectancy",
      "next_years", "country_profile", "indicator_trend_predictions", "indicator_trend_metrics",
      "country_segments_clusters", "country_segments_metrics");

  @Test
  void refinedTablesEqualTheDirectRunners() throws IOException {
    for (String table : REFINED) {
      TableReader.Table expected = TableReader.readAll(direct.refined(table));
      TableReader.Table actual = TableReader.readAll(onCluster.refined(table));
      assertEquals(expected.schema().getFieldNames(), actual.schema().getFieldNames(), table);
      assertRowsEqual(rows(expected), rows(actual), table);
    }
    assertEquals(18, rows(TableReader.readAll(onCluster.refined("stats_country_indicator"))).size());
    assertEquals(6, rows(TableReader.readAll(onCluster.refined("stats_country_global"))).size());
    assertEquals(rows(TableReader.readAll(direct.trusted("indicators"))),
        rows(TableReader.readAll(onCluster.trusted("indicators"))));
    assertEquals(205, rows(TableReader.readAll(onCluster.trusted("indicators"))).size());
    for (String model : List.of("indicator_trend", "country_segments")) {
      assertEquals(ModelArtifact.read(direct.base() + "refined", model, "r1").toJson(),
          ModelArtifact.read(onCluster.base() + "refined", model, "r1").toJson(), model);
    }
  }

  @Test
  void inClusterModeTheDriverRanOnAWorkerAndWroteTheSameTables() throws IOException {
    assertEquals(0, clusterModeSubmit.exitCode(), "the driver failed; see " + clusterModeSubmit.err()
        + tail(clusterModeSubmit.err()));
    assertTrue(clusterModeSubmit.err().startsWith(tmp.resolve("worker-1")) || clusterModeSubmit.err().startsWith(
        tmp.resolve("worker-2")), "the driver's output is in a worker's directory: " + clusterModeSubmit.err());
    assertTrue(clusterModeSubmit.out().startsWith("beamlake: project world-indicators, run r1, spark runner ("
        + cluster.masterUrl() + "), lake " + clusterMode.base() + "\n"), clusterModeSubmit.out());
    for (String table : REFINED) {
      assertRowsEqual(rows(TableReader.readAll(direct.refined(table))),
          rows(TableReader.readAll(clusterMode.refined(table))), table);
    }
  }

  @Test
  void theWeatherDemoWritesTheSameTablesOnTheCluster() throws IOException {
    assertEquals(0, weatherSubmit.exitCode(), "see " + weatherSubmit.err() + tail(weatherSubmit.err()));
    List<List<Object>> expected = rows(TableReader.readAll(weatherDirect.refined("monthly_climate")));
    assertEquals(4, expected.size());
    assertRowsEqual(expected, rows(TableReader.readAll(weatherCluster.refined("monthly_climate"))), "monthly_climate");
    assertEquals(rows(TableReader.readAll(weatherDirect.trusted("daily"))),
        rows(TableReader.readAll(weatherCluster.trusted("daily"))));
  }

  /** Every refined table of the dvd-rental demo, the ml stage's included. */
  static final List<String> DVD_REFINED = List.of("revenue_by_category", "revenue_by_country", "top_customers",
      "merchandise_by_category", "actor_with_most_films", "customer_activity", "customer_segments_clusters",
      "customer_segments_metrics");

  @Test
  void theDvdRentalDemoCapturedOverJdbcOnTheExecutorsWritesTheSameTables() throws IOException {
    assertEquals(0, dvdSubmit.exitCode(), "see " + dvdSubmit.err() + tail(dvdSubmit.err()));
    for (String table : DVD_REFINED) {
      TableReader.Table expected = TableReader.readAll(dvdDirect.refined(table));
      TableReader.Table actual = TableReader.readAll(dvdCluster.refined(table));
      assertEquals(expected.schema().getFieldNames(), actual.schema().getFieldNames(), table);
      assertRowsEqual(rows(expected), rows(actual), table);
    }
    assertEquals(16, rows(TableReader.readAll(dvdCluster.refined("revenue_by_category"))).size());
    assertEquals(599, rows(TableReader.readAll(dvdCluster.refined("customer_segments_clusters"))).size());
    for (String dataset : List.of("rentals", "payments", "customers", "films", "products")) {
      assertEquals(rows(TableReader.readAll(dvdDirect.trusted(dataset))),
          rows(TableReader.readAll(dvdCluster.trusted(dataset))), dataset);
    }
    assertEquals(16_044, rows(TableReader.readAll(dvdCluster.trusted("rentals"))).size());
    assertEquals(16_049, rows(TableReader.readAll(dvdCluster.trusted("payments"))).size());
    assertEquals(ModelArtifact.read(dvdDirect.base() + "refined", "customer_segments", "d1").toJson(),
        ModelArtifact.read(dvdCluster.base() + "refined", "customer_segments", "d1").toJson());
    // The watermarks the next capture starts from.
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertEquals("{\"payment\":\"16049\",\"rental\":\"2006-02-23T04:12:08\"}",
        json.readTree(Path.of(dvdCluster.base(), "_state", "sakila.json").toFile()).get("state").toString());
    assertTrue(!Files.readString(dvdSubmit.err()).contains(sakila.password()), "the password was printed");
  }

  @Test
  void quarantineAndCsvOutputsMatchTheDirectRunners() throws IOException {
    assertEquals(sortedLines(direct.quarantine("indicators", "r1"), ".jsonl"),
        sortedLines(onCluster.quarantine("indicators", "r1"), ".jsonl").stream()
            .map(l -> l.replace(onCluster.base(), direct.base())).sorted().collect(Collectors.toList()));
    assertEquals(11, sortedLines(onCluster.quarantine("indicators", "r1"), ".jsonl").size());
    for (String table : List.of("stats_country_indicator", "stats_country_global")) {
      assertEquals(sortedLines(direct.refined(table) + "_csv/", ".csv"),
          sortedLines(onCluster.refined(table) + "_csv/", ".csv"), table);
    }
  }

  @Test
  void inASessionThePlatformStartedTheRunUsesItLeavesItRunningAndThrowsOnFailure() throws IOException {
    assertEquals(0, hostedSubmit.exitCode(), "see " + hostedSubmit.err() + tail(hostedSubmit.err()));
    List<String> lines = hostedSubmit.out().lines().toList();
    assertEquals("beamlake: project inferred, run h1, spark runner (" + cluster.masterUrl() + "), lake "
        + hostedLake.base(), lines.get(0));
    assertEquals(List.of("hosted: main returned; session stopped: false; a job on it counts 10",
            "hosted: a failing run threw: beamlake failed (exit code 1); see the messages above; session stopped: false"),
        lines.stream().filter(l -> l.startsWith("hosted: ")).toList());
    assertEquals(List.of("ann,15.0,2,2024-01-02", "bob,3.0,1,2024-01-03", "customer,total,orders,first_order"),
        sortedLines(hostedLake.refined("by_customer") + "_csv/", ".csv"));
  }

  @Test
  void csvIsParsedWithTheJarsCommonsIoBehindSparksOwn() throws IOException {
    assertEquals(0, csvSubmit.exitCode(), "see " + csvSubmit.err() + tail(csvSubmit.err()));
    assertEquals(List.of("ann,15.0,2,2024-01-02", "bob,3.0,1,2024-01-03", "customer,total,orders,first_order"),
        sortedLines(csvLake.refined("by_customer") + "_csv/", ".csv"));
    assertEquals(3, rows(TableReader.readAll(csvLake.trusted("orders"))).size());
  }

  @Test
  void tasksRanOnBothWorkersExecutorsNotInTheDriver() throws IOException {
    List<EventLog> logs = new ArrayList<>();
    try (Stream<Path> files = Files.list(tmp.resolve("events"))) {
      for (Path file : files.sorted().collect(Collectors.toList())) {
        logs.add(EventLog.read(file));
      }
    }
    assertEquals(4, logs.size(), "one application per stage");
    Set<Integer> workers = Set.copyOf(cluster.workerUiPorts());
    for (EventLog log : logs) {
      Map<Integer, Integer> byWorker = log.tasksByWorker();
      System.out.println(log.appId() + ": successful tasks by worker UI port " + byWorker + ", executors "
          + log.workerUiPortByExecutor());
      assertEquals(workers, byWorker.keySet(), log.appId() + " ran tasks on " + byWorker);
      assertTrue(byWorker.values().stream().allMatch(n -> n > 0), log.appId() + ": " + byWorker);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static List<List<Object>> rows(TableReader.Table table) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : table.rows()) {
      rows.add(new ArrayList<>(row.getValues()));
    }
    rows.sort(Comparator.comparing(Object::toString));
    return rows;
  }

  private static void assertRowsEqual(List<List<Object>> expected, List<List<Object>> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      List<Object> e = expected.get(i);
      List<Object> a = actual.get(i);
      assertEquals(e.size(), a.size(), what);
      for (int j = 0; j < e.size(); j++) {
        if (e.get(j) instanceof Double x && a.get(j) instanceof Double y) {
          assertTrue(Math.abs(x - y) <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y)), what + ": " + e + " vs " + a);
        } else {
          assertEquals(e.get(j), a.get(j), what + ": " + e + " vs " + a);
        }
      }
    }
  }

  private static List<String> sortedLines(String dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(dir))) {
      List<String> lines = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(suffix)).collect(Collectors.toList())) {
        lines.addAll(Files.readAllLines(f));
      }
      lines.sort(String::compareTo);
      return lines;
    }
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
