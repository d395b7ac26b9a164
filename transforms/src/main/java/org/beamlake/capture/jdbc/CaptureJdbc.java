package org.beamlake.capture.jdbc;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.beamlake.capture.CapturedFile;
import org.beamlake.capture.Secrets;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Captures tables and queries of a relational database (PostgreSQL, MariaDB, MySQL) as JSON lines,
 * through JDBC: each table or query goes to {@code <stagingDirectory>/<name>/
 * part-NNNNN.jsonl}, a fixed number of files, one JSON object per row (column names as in the
 * database, values typed as docs/capture-jdbc.md lists), and one {@link CapturedFile} per file.
 *
 * <pre>{@code
 * PCollection<CapturedFile> files = pipeline.apply(CaptureJdbc.from("jdbc:postgresql://db:5432/sakila")
 *     .withUsername("${env:SAKILA_USER}")
 *     .withPassword("${env:SAKILA_PASSWORD}")
 *     .withTables(List.of("public.rental", "public.payment"))
 *     .withPartitioning("rental_id", 4)
 *     .withWatermark("last_update")
 *     .withPreviousWatermarks(Map.of("public.rental", "2022-02-15T10:09:17"))
 *     .withStagingDirectory(lake.staging(runId, "raw", "sakila"))
 *     .withShards(2));
 * // After the run, from the entries collected: the marks the stage saves once the raw commit succeeded.
 * Map<String, String> next = CaptureJdbc.newWatermarks(capturedFiles);
 * }</pre>
 *
 * <p>Guarantees: bounded; each row of the capture's window is written exactly once (split ranges
 * are adjacent and half-open, rows with a null partition value go to the first split); with a
 * watermark, only rows whose watermark is above the previous mark (strictly) and at most the new
 * mark, read before the rows, are captured, and rows with a null watermark never are. Every file of
 * a target carries the same details: {@code table} or {@code query}, {@code sql}, {@code columns},
 * {@code watermark_column/low/high}, {@code partition_column}, {@code partitions}, {@code
 * partition_min/max}. The new mark is only reported, never stored. Credentials are {@code
 * ${env:NAME}} references resolved on the workers; they appear in no file, detail, display data or
 * error message. A database error fails the capture (nothing is committed); there are no partial
 * results to quarantine.
 */
public final class CaptureJdbc extends PTransform<PBegin, PCollection<CapturedFile>> {
  private static final long serialVersionUID = 1L;
  private static final int MAX_PARTITIONS = 10_000;
  /** A password in a URL once its references are removed: a parameter or user info. */
  private static final Pattern LITERAL_PASSWORD = Pattern.compile("(?i)password=[^&;]|//[^/@]*:[^/@]+@");

  private final Settings settings;

  private CaptureJdbc(Settings settings) {
    this.settings = settings;
  }

  /**
   * A capture from the database at {@code url} ({@code jdbc:postgresql:}, {@code jdbc:mariadb:} or
   * {@code jdbc:mysql:}), which may hold {@code ${env:NAME}} references.
   */
  public static CaptureJdbc from(String url) {
    checkArgument(url != null && !url.isBlank(), "url must not be empty");
    checkArgument(!LITERAL_PASSWORD.matcher(url.replaceAll("\\$\\{env:[A-Za-z_][A-Za-z0-9_]*}", "")).find(),
        "url must not hold a literal password: use withPassword(\"${env:NAME}\") or an ${env:NAME} reference");
    Settings settings = new Settings();
    settings.dialect = JdbcDialect.of(url);
    settings.url = url;
    return new CaptureJdbc(settings);
  }

  /** The user: a name or a {@code ${env:NAME}} reference. */
  public CaptureJdbc withUsername(String username) {
    checkArgument(username != null && !username.isBlank(), "username must not be empty");
    return with(s -> s.username = username);
  }

  /** The password: a {@code ${env:NAME}} reference, resolved on the workers and never shown. */
  public CaptureJdbc withPassword(String password) {
    checkArgument(password != null && Secrets.hasReference(password),
        "password must be an ${env:NAME} reference, so that it is never part of the project or the pipeline");
    return with(s -> s.password = password);
  }

  /**
   * The driver class, if not the URL's usual one ({@code org.postgresql.Driver}, {@code
   * org.mariadb.jdbc.Driver}, {@code com.mysql.cj.jdbc.Driver}).
   */
  public CaptureJdbc withDriverClassName(String driverClassName) {
    checkArgument(driverClassName != null && driverClassName.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*"),
        "driverClassName must be a Java class name, got '%s'", driverClassName);
    return with(s -> s.driverClassName = driverClassName);
  }

  /** Whole tables, each optionally schema-qualified ({@code public.rental}); replaces any earlier list. */
  public CaptureJdbc withTables(List<String> tables) {
    checkArgument(tables != null && !tables.isEmpty(), "tables must not be empty");
    Set<String> checked = new LinkedHashSet<>();
    for (String table : tables) {
      checkArgument(checked.add(Identifiers.table(table)), "table '%s' is listed twice", table);
    }
    return with(s -> s.tables = List.copyOf(checked));
  }

  /** Adds a query, captured into the directory {@code name}; the SQL is run as written (inside a derived table). */
  public CaptureJdbc withQuery(String name, String sql) {
    Identifiers.name("query name", name);
    checkArgument(sql != null && !sql.isBlank(), "query '%s' must have SQL", name);
    checkArgument(!settings.queries.containsKey(name), "query '%s' is given twice", name);
    String statement = sql.strip().replaceAll(";+$", "").strip();
    return with(s -> s.queries.put(name, statement));
  }

  /**
   * Reads each table or query in {@code partitions} adjacent ranges of {@code column} (integer,
   * decimal, date or timestamp), in parallel.
   */
  public CaptureJdbc withPartitioning(String column, int partitions) {
    Identifiers.name("partition column", column);
    checkArgument(partitions >= 1 && partitions <= MAX_PARTITIONS, "partitions must be in [1, %s], got %s",
        MAX_PARTITIONS, partitions);
    return with(s -> {
      s.partitionColumn = column;
      s.partitions = partitions;
    });
  }

  /** Captures only rows up to the current maximum of {@code column} and above the previous mark, if given. */
  public CaptureJdbc withWatermark(String column) {
    Identifiers.name("watermark column", column);
    return with(s -> s.watermarkColumn = column);
  }

  /**
   * The high-water marks of the last capture, by table (as listed) or query name, as reported in
   * {@code watermark_high}; a target without one is captured whole.
   */
  public CaptureJdbc withPreviousWatermarks(Map<String, String> previous) {
    checkArgument(previous != null, "previous watermarks must not be null");
    previous.forEach((name, mark) -> checkArgument(name != null && mark != null && !mark.isBlank(),
        "previous watermark of '%s' must not be empty", name));
    return with(s -> s.previousWatermarks = Map.copyOf(previous));
  }

  /** Where the files go (a path or a URI Beam's FileSystems know): {@code <directory>/<name>/part-NNNNN.jsonl}. */
  public CaptureJdbc withStagingDirectory(String directory) {
    checkArgument(directory != null && !directory.isBlank(), "stagingDirectory must not be empty");
    return with(s -> s.stagingDirectory = directory.endsWith("/") ? directory : directory + "/");
  }

  /** Files per table or query (default 1); always exactly this many, empty ones included. */
  public CaptureJdbc withShards(int shards) {
    checkArgument(shards >= 1, "shards must be >= 1, got %s", shards);
    return with(s -> s.shards = shards);
  }

  /** Where {@code ${env:NAME}} references are resolved (default: each worker's environment). */
  public CaptureJdbc withSecrets(Secrets secrets) {
    checkArgument(secrets != null, "secrets must not be null");
    return with(s -> s.secrets = secrets);
  }

  /** The new high-water mark of each target in {@code files}, by table or query name, for the next capture. */
  public static Map<String, String> newWatermarks(Iterable<CapturedFile> files) {
    Map<String, String> marks = new TreeMap<>();
    for (CapturedFile file : files) {
      String name = file.detail("table") != null ? file.detail("table") : file.detail("query");
      String high = file.detail("watermark_high");
      if (name != null && high != null) {
        marks.put(name, high);
      }
    }
    return marks;
  }

  @Override
  public PCollection<CapturedFile> expand(PBegin input) {
    List<JdbcTarget> targets = targets();
    checkArgument(settings.stagingDirectory != null, "CaptureJdbc: withStagingDirectory is required");
    checkArgument(settings.previousWatermarks.isEmpty() || settings.watermarkColumn != null,
        "CaptureJdbc: previous watermarks need withWatermark(column)");
    Set<String> names = new LinkedHashSet<>();
    targets.forEach(t -> names.add(t.name()));
    for (String name : new TreeMap<>(settings.previousWatermarks).keySet()) {
      checkArgument(names.contains(name), "CaptureJdbc: previous watermark given for '%s', which is not a table or"
          + " query of this capture (%s)", name, String.join(", ", names));
    }
    JdbcDataSource dataSource = new JdbcDataSource(driverClassName(), settings.url, settings.username,
        settings.password, settings.dialect.connectionInitSqls(), settings.secrets);
    PCollectionList<CapturedFile> files = PCollectionList.empty(input.getPipeline());
    for (JdbcTarget target : targets) {
      String previous = settings.previousWatermarks.get(target.name());
      CaptureSql sql = CaptureSql.of(settings.dialect, target, settings.partitionColumn, settings.watermarkColumn,
          previous != null);
      PlanCaptureFn plan = new PlanCaptureFn(dataSource, settings.dialect, sql, settings.partitionColumn,
          settings.partitions, settings.watermarkColumn, previous);
      String from = JdbcDialect.describe(settings.url) + " " + target.describe();
      files = files.and(input.apply(target.name(), new CaptureTarget(target, dataSource, settings.dialect, sql, plan,
          settings.stagingDirectory, settings.shards, from)));
    }
    return files.apply("AllFiles", Flatten.pCollections()).setCoder(SerializableCoder.of(CapturedFile.class));
  }

  private List<JdbcTarget> targets() {
    List<JdbcTarget> targets = new ArrayList<>();
    Map<String, String> directories = new HashMap<>();
    settings.tables.forEach(t -> targets.add(JdbcTarget.table(t)));
    settings.queries.forEach((name, sql) -> targets.add(JdbcTarget.query(name, sql)));
    checkArgument(!targets.isEmpty(), "CaptureJdbc: withTables or withQuery is required");
    for (JdbcTarget target : targets) {
      String earlier = directories.put(target.name(), target.describe());
      checkArgument(earlier == null, "CaptureJdbc: %s and %s would write to the same directory '%s'", earlier,
          target.describe(), target.name());
    }
    return targets;
  }

  private String driverClassName() {
    return settings.driverClassName != null ? settings.driverClassName : settings.dialect.driverClassName();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("database", JdbcDialect.describe(settings.url)).withLabel("Database"))
        .add(DisplayData.item("driverClassName", driverClassName()).withLabel("JDBC driver"))
        .addIfNotNull(DisplayData.item("username", settings.username).withLabel("User (as configured)"))
        .add(DisplayData.item("tables", String.join(", ", settings.tables)).withLabel("Tables"))
        .add(DisplayData.item("queries", String.join(", ", settings.queries.keySet())).withLabel("Queries"))
        .addIfNotNull(DisplayData.item("partitionColumn", settings.partitionColumn).withLabel("Partition column"))
        .add(DisplayData.item("partitions", settings.partitions).withLabel("Partitions"))
        .addIfNotNull(DisplayData.item("watermarkColumn", settings.watermarkColumn).withLabel("Watermark column"))
        .add(DisplayData.item("previousWatermarks", new TreeMap<>(settings.previousWatermarks).toString())
            .withLabel("Previous watermarks"))
        .addIfNotNull(DisplayData.item("stagingDirectory", settings.stagingDirectory).withLabel("Staging directory"))
        .add(DisplayData.item("shards", settings.shards).withLabel("Files per table or query"));
  }

  private CaptureJdbc with(Consumer<Settings> change) {
    Settings copy = settings.copy();
    change.accept(copy);
    return new CaptureJdbc(copy);
  }

  /** Copied on every {@code withX}, never changed afterwards: a {@link CaptureJdbc} is immutable. */
  private static final class Settings implements Serializable {
    private static final long serialVersionUID = 1L;

    JdbcDialect dialect;
    String url;
    @Nullable String driverClassName;
    @Nullable String username;
    @Nullable String password;
    List<String> tables = List.of();
    LinkedHashMap<String, String> queries = new LinkedHashMap<>();
    @Nullable String partitionColumn;
    int partitions = 1;
    @Nullable String watermarkColumn;
    Map<String, String> previousWatermarks = Map.of();
    @Nullable String stagingDirectory;
    int shards = 1;
    Secrets secrets = Secrets.fromEnvironment();

    Settings copy() {
      Settings copy = new Settings();
      copy.dialect = dialect;
      copy.url = url;
      copy.driverClassName = driverClassName;
      copy.username = username;
      copy.password = password;
      copy.tables = tables;
      copy.queries = new LinkedHashMap<>(queries);
      copy.partitionColumn = partitionColumn;
      copy.partitions = partitions;
      copy.watermarkColumn = watermarkColumn;
      copy.previousWatermarks = previousWatermarks;
      copy.stagingDirectory = stagingDirectory;
      copy.shards = shards;
      copy.secrets = secrets;
      return copy;
    }
  }
}
