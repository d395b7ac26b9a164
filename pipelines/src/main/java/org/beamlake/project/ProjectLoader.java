package org.beamlake.project;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.beamlake.schema.ColumnType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a project: {@code PROJECT} is a project directory (holding {@code beamlake.yaml}) or the
 * YAML file itself, local or at a URI on any Beam filesystem ({@code s3://bucket/projects/sales});
 * see {@link ProjectFiles}. Every structural mistake (unknown or missing key, wrong type, unknown
 * source or dataset, missing SQL or golden file) is collected and thrown as one {@link
 * ProjectException}.
 *
 * <pre>{@code
 * Project project = ProjectLoader.load(Path.of("testdata/world-indicators"));
 * Project onS3 = ProjectLoader.load("s3://bucket/projects/world-indicators"); // FileSystems set up first
 * }</pre>
 */
public final class ProjectLoader {
  /** The project file name looked for in a project directory. */
  public static final String FILE_NAME = "beamlake.yaml";

  private static final List<String> TOP = List.of("name", "description", "lake", "sources", "datasets", "tables", "expectations",
      "models", "databricks", "emr"); // emr: read and checked by the emr commands (cloud-aws)
  private static final List<String> DATASET = List.of("source", "files", "format", "columns", "steps", "rules", "shards");
  private static final List<String> FORMAT = List.of("type", "records_at", "columns_at", "delimiter", "quote", "header", "charset",
      "null_values", "reject_unknown_fields", "field_paths");
  private static final List<String> TABLE = List.of("sql", "partition_by", "csv", "shards", "charts");
  private static final List<String> EXPECTATION = List.of("output", "rows", "golden", "dataset", "max_quarantine_ratio");

  private final ProjectFiles files;
  private final Path dir;
  private final String file;
  private final Problems problems = new Problems();

  private ProjectLoader(ProjectFiles files, String file) {
    this.files = files;
    this.dir = files.dir();
    this.file = file;
  }

  /** Loads and checks a local project; throws {@link ProjectException} listing every mistake. */
  public static Project load(Path projectPath) {
    Path yamlPath = Files.isDirectory(projectPath) ? projectPath.resolve(FILE_NAME) : projectPath;
    return load(ProjectFiles.local(projectPath), yamlPath.toString());
  }

  /**
   * Loads and checks a project given as a local path or a URI ({@code s3://…}, {@code file://…}): a
   * URI is read through Beam's {@code FileSystems}, whose options must be set before.
   */
  public static Project load(String location) {
    return ProjectFiles.isUri(location) ? load(ProjectFiles.remote(location), location) : load(Path.of(location));
  }

  /** Whether {@code PROJECT} names a project at a URI (read through Beam's FileSystems) rather than a path. */
  public static boolean isUri(String location) {
    return ProjectFiles.isUri(location);
  }

  private static Project load(ProjectFiles files, String asGiven) {
    Path yamlPath = files.yaml();
    String display = files.yamlDisplay(asGiven);
    if (!Files.isRegularFile(yamlPath)) {
      throw new ProjectException(List.of(new ProjectError(display, 0, "",
          "no such file; a project is a directory with a " + FILE_NAME + " or the YAML file itself")));
    }
    return new ProjectLoader(files, display).read(yamlPath);
  }

  private Project read(Path yamlPath) {
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true);
      root = new Yaml(options).compose(Files.newBufferedReader(yamlPath, StandardCharsets.UTF_8));
    } catch (MarkedYAMLException e) {
      throw new ProjectException(List.of(new ProjectError(file, e.getProblemMark().getLine() + 1, "",
          "not valid YAML: " + e.getProblem())));
    } catch (IOException e) {
      throw new ProjectException(List.of(new ProjectError(file, 0, "", "cannot read: " + e.getMessage())));
    }
    if (root == null) {
      throw new ProjectException(List.of(new ProjectError(file, 0, "", "empty project file")));
    }
    YamlNode top = new YamlNode(root, file, "", problems);
    top.allowOnly(TOP);
    String name = Optional.ofNullable(top.require("name", "the project name")).flatMap(YamlNode::text).orElse("");
    String description = Optional.ofNullable(top.get("description")).flatMap(YamlNode::text).orElse("");
    String lake = Optional.ofNullable(top.get("lake")).flatMap(YamlNode::text).map(this::resolve).orElse(null);

    Map<String, SourceConfig> sources = new LinkedHashMap<>();
    YamlNode sourcesNode = top.require("sources", "a map of sources to capture");
    if (sourcesNode != null) {
      sourcesNode.entries().forEach((key, node) -> source(key, node).ifPresent(s -> sources.put(key, s)));
    }
    Map<String, DatasetConfig> datasets = new LinkedHashMap<>();
    YamlNode datasetsNode = top.get("datasets");
    if (datasetsNode != null) {
      datasetsNode.entries().forEach((key, node) -> dataset(key, node, sources).ifPresent(d -> datasets.put(key, d)));
    }
    new CrossReferences(problems).check(datasets);
    Map<String, TableConfig> tables = new LinkedHashMap<>();
    YamlNode tablesNode = top.get("tables");
    if (tablesNode != null) {
      tablesNode.entries().forEach((key, node) -> table(key, node).ifPresent(t -> tables.put(key, t)));
    }
    List<Expectation> expectations = new ArrayList<>();
    YamlNode expectNode = top.get("expectations");
    if (expectNode != null) {
      // Names as declared, so a table with its own mistake is not also reported as unknown.
      Map<String, DatasetConfig> declaredDatasets = declared(datasetsNode, datasets);
      Map<String, TableConfig> declaredTables = declared(tablesNode, tables);
      for (YamlNode item : expectNode.items()) {
        expectation(item, declaredDatasets, declaredTables).ifPresent(expectations::add);
      }
    }
    Map<String, ModelConfig> models = new LinkedHashMap<>();
    YamlNode modelsNode = top.get("models");
    if (modelsNode != null) {
      java.util.Set<String> inputs = new java.util.TreeSet<>(declared(datasetsNode, datasets).keySet());
      inputs.addAll(declared(tablesNode, tables).keySet());
      modelsNode.entries().forEach((key, node) -> {
        if (validName(key, node)) {
          ModelsReader.model(key, node, inputs).ifPresent(m -> models.put(key, m));
        }
      });
    }
    DatabricksConfig databricks = Optional.ofNullable(top.get("databricks")).map(DatabricksReader::read).orElse(null);
    Project project = new Project(name, description, dir, file, lake, sources, datasets, tables, expectations, models,
        databricks);
    if (!problems.isEmpty()) {
      throw new ProjectException(problems.errors(), project);
    }
    return project;
  }

  private static <T> Map<String, T> declared(YamlNode node, Map<String, T> loaded) {
    Map<String, T> names = new LinkedHashMap<>(loaded);
    if (node != null && node.isMap()) {
      node.entries().keySet().forEach(k -> names.putIfAbsent(k, null));
    }
    return names;
  }

  private boolean validName(String key, YamlNode node) {
    if (!key.matches("[A-Za-z][A-Za-z0-9_]*")) {
      node.error("invalid name '" + key + "': use letters, digits and '_', starting with a letter");
      return false;
    }
    return true;
  }

  private Optional<SourceConfig> source(String key, YamlNode node) {
    if (!validName(key, node) || !node.isMap()) {
      node.entries();
      return Optional.empty();
    }
    String type = Optional.ofNullable(node.get("type")).flatMap(n -> n.choice(SourcesReader.TYPES)).orElse("files");
    String sample = Optional.ofNullable(node.get("sample")).flatMap(YamlNode::text).map(this::resolve).orElse(null);
    SourcesReader reader = new SourcesReader();
    switch (type) {
      case "http":
        node.allowOnly(SourcesReader.HTTP);
        return reader.http(node).map(h -> new SourceConfig(key, type, h.url(), sample, node.where(), h, null));
      case "jdbc":
        node.allowOnly(SourcesReader.JDBC);
        return reader.jdbc(node).map(j -> new SourceConfig(key, type, j.url(), sample, node.where(), null, j));
      default:
        node.allowOnly(SourcesReader.FILES);
        Optional<String> path = Optional.ofNullable(node.require("path", "a file glob")).flatMap(YamlNode::text);
        return path.map(p -> new SourceConfig(key, type, resolve(p), sample, node.where()));
    }
  }

  /** A location relative to where the project is, unless it is a URI or absolute. */
  private String resolve(String location) {
    if (ProjectFiles.isUri(location) || Path.of(location).isAbsolute()) {
      return location;
    }
    return files.location(location);
  }

  private Optional<DatasetConfig> dataset(String key, YamlNode node, Map<String, SourceConfig> sources) {
    node.allowOnly(DATASET);
    if (!validName(key, node) || !node.isMap()) {
      node.entries();
      return Optional.empty();
    }
    YamlNode sourceNode = node.require("source", "the name of a source");
    String source = sourceNode == null ? "" : sourceNode.text().orElse("");
    if (sourceNode != null && !source.isEmpty() && !sources.containsKey(source)) {
      String hint = Suggest.closest(source, sources.keySet()).map(s -> " (did you mean '" + s + "'?)").orElse("");
      sourceNode.error("unknown source '" + source + "'" + hint + "; sources are " + sources.keySet());
    }
    FormatConfig format = format(node.require("format", "csv, json or jsonl"));
    Map<String, ColumnType> columns = new LinkedHashMap<>();
    YamlNode columnsNode = node.get("columns"); // none: inferred from the data (beamlake infer prints them)
    if (columnsNode != null) {
      columnsNode.entries().forEach((column, typeNode) -> typeNode.text().ifPresent(type -> {
        try {
          columns.put(column, ColumnType.fromName(type));
        } catch (IllegalArgumentException e) {
          typeNode.error(e.getMessage());
        }
        if (org.beamlake.quarantine.Lineage.isReserved(column)) {
          typeNode.error("column names starting with '__bl_' are reserved");
        }
      }));
      if (columnsNode.isMap() && columns.isEmpty()) {
        columnsNode.error("declare at least one column");
      }
    }
    StepsReader steps = new StepsReader();
    List<StepConfig> stepList = Optional.ofNullable(node.get("steps")).map(steps::steps).orElse(List.of());
    List<RuleConfig> rules = Optional.ofNullable(node.get("rules")).map(steps::rules).orElse(List.of());
    int shards = Optional.ofNullable(node.get("shards")).flatMap(n -> n.integer(0)).orElse(0);
    String files = Optional.ofNullable(node.get("files")).flatMap(YamlNode::text).orElse(null);
    if (files != null && (files.startsWith("/") || files.contains(".."))) {
      node.get("files").error("expected a glob relative to the source's capture (e.g. rental/*), got '" + files + "'");
      files = null;
    }
    return Optional.of(new DatasetConfig(key, source, format, columns, stepList, rules, shards, node.where(), files));
  }

  private FormatConfig format(YamlNode node) {
    FormatConfig.Kind kind = FormatConfig.Kind.JSON;
    String recordsAt = null;
    char delimiter = ',';
    char quote = '"';
    boolean header = true;
    Charset charset = StandardCharsets.UTF_8;
    List<String> nullValues = List.of("");
    boolean rejectUnknown = false;
    Map<String, String> fieldPaths = new LinkedHashMap<>();
    String columnsAt = null;
    if (node == null) {
      return new FormatConfig(kind, null, delimiter, quote, header, charset, nullValues, rejectUnknown, fieldPaths);
    }
    YamlNode typeNode = node.isMap() ? node.require("type", "csv, json or jsonl") : node;
    if (typeNode != null) {
      kind = typeNode.choice(List.of("csv", "json", "jsonl")).map(t -> FormatConfig.Kind.valueOf(t.toUpperCase())).orElse(kind);
    }
    if (node.isMap()) {
      node.allowOnly(FORMAT);
      recordsAt = Optional.ofNullable(node.get("records_at")).flatMap(YamlNode::text).orElse(null);
      if (recordsAt != null && !recordsAt.startsWith("/")) {
        node.get("records_at").error("expected a JSON pointer starting with '/', e.g. /value; got '" + recordsAt + "'");
      }
      delimiter = Optional.ofNullable(node.get("delimiter")).flatMap(n -> oneChar(n)).orElse(delimiter);
      quote = Optional.ofNullable(node.get("quote")).flatMap(n -> oneChar(n)).orElse(quote);
      header = Optional.ofNullable(node.get("header")).flatMap(YamlNode::bool).orElse(header);
      YamlNode charsetNode = node.get("charset");
      if (charsetNode != null) {
        Optional<String> name = charsetNode.text();
        try {
          charset = name.map(Charset::forName).orElse(charset);
        } catch (IllegalArgumentException e) {
          charsetNode.error("unknown charset '" + name.get() + "'; e.g. UTF-8, ISO-8859-1, windows-1252");
        }
      }
      nullValues = Optional.ofNullable(node.get("null_values")).map(YamlNode::names).orElse(nullValues);
      rejectUnknown = Optional.ofNullable(node.get("reject_unknown_fields")).flatMap(YamlNode::bool).orElse(false);
      columnsAt = Optional.ofNullable(node.get("columns_at")).flatMap(YamlNode::text).orElse(null);
      if (columnsAt != null && (!columnsAt.startsWith("/") || kind != FormatConfig.Kind.JSON || recordsAt != null)) {
        node.get("columns_at").error("expected a JSON pointer to an object of column arrays (e.g. /daily), for type "
            + "json without records_at; got '" + columnsAt + "'");
        columnsAt = null;
      }
      YamlNode paths = node.get("field_paths");
      if (paths != null) {
        paths.entries().forEach((column, p) -> p.text().ifPresent(t -> fieldPaths.put(column, t)));
      }
    }
    return new FormatConfig(kind, recordsAt, delimiter, quote, header, charset, nullValues, rejectUnknown, fieldPaths,
        columnsAt);
  }

  private static Optional<Character> oneChar(YamlNode node) {
    Optional<String> text = node.text();
    String t = text.map(s -> s.equals("\\t") ? "\t" : s).orElse("");
    if (text.isPresent() && t.length() != 1) {
      node.error("expected one character, got '" + text.get() + "'");
      return Optional.empty();
    }
    return text.map(s -> t.charAt(0));
  }

  private Optional<TableConfig> table(String key, YamlNode node) {
    node.allowOnly(TABLE);
    if (!validName(key, node) || !node.isMap()) {
      node.entries();
      return Optional.empty();
    }
    YamlNode sqlNode = node.require("sql", "the path of an SQL file");
    Optional<String> sqlPath = sqlNode == null ? Optional.empty() : sqlNode.text();
    String partitionBy = Optional.ofNullable(node.get("partition_by")).flatMap(YamlNode::text).orElse(null);
    boolean csv = Optional.ofNullable(node.get("csv")).flatMap(YamlNode::bool).orElse(false);
    int shards = Optional.ofNullable(node.get("shards")).flatMap(n -> n.integer(0)).orElse(0);
    List<ChartConfig> charts = Optional.ofNullable(node.get("charts")).map(ChartsReader::charts).orElse(List.of());
    if (sqlPath.isEmpty()) {
      return Optional.empty();
    }
    Path sqlFile = files.file(sqlPath.get());
    String sqlDisplay = files.display(sqlPath.get(), file);
    try {
      String sql = Files.readString(sqlFile, StandardCharsets.UTF_8);
      if (sql.isBlank()) {
        sqlNode.error(sqlDisplay + " is empty");
      }
      return Optional.of(new TableConfig(key, sqlDisplay, sql, partitionBy, csv, shards, node.where(), charts));
    } catch (IOException e) {
      sqlNode.error("cannot read SQL file " + sqlDisplay + ": " + e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  private Optional<Expectation> expectation(YamlNode node, Map<String, DatasetConfig> datasets, Map<String, TableConfig> tables) {
    node.allowOnly(EXPECTATION);
    if (!node.isMap()) {
      node.entries();
      return Optional.empty();
    }
    YamlNode ratio = node.get("max_quarantine_ratio");
    if (ratio != null) {
      String dataset = Optional.ofNullable(node.require("dataset", "a dataset name")).flatMap(YamlNode::text).orElse("");
      if (!dataset.isEmpty() && !datasets.containsKey(dataset)) {
        node.get("dataset").error("unknown dataset '" + dataset + "'; datasets are " + datasets.keySet());
      }
      return ratio.number().map(r -> new Expectation(Expectation.Kind.QUARANTINE_RATIO, "quarantine", dataset, 0, null, r, node.where()));
    }
    YamlNode outputNode = node.require("output", "trusted/<dataset>, refined/<table> or quarantine/<dataset>");
    Optional<String> output = outputNode == null ? Optional.empty() : outputNode.text();
    if (output.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = output.get().split("/", 2);
    boolean known = parts.length == 2
        && ((parts[0].equals("trusted") || parts[0].equals("quarantine")) && datasets.containsKey(parts[1])
            || parts[0].equals("refined") && tables.containsKey(parts[1]));
    if (!known) {
      outputNode.error("unknown output '" + output.get() + "'; expected trusted/<dataset> or quarantine/<dataset> with datasets "
          + datasets.keySet() + ", or refined/<table> with tables " + tables.keySet());
      return Optional.empty();
    }
    YamlNode rows = node.get("rows");
    YamlNode golden = node.get("golden");
    if ((rows == null) == (golden == null)) {
      node.error("expected exactly one of 'rows' or 'golden'");
      return Optional.empty();
    }
    if (rows != null) {
      return rows.integer(0).map(n -> new Expectation(Expectation.Kind.ROWS, parts[0], parts[1], n, null, 0, node.where()));
    }
    Optional<String> goldenPath = golden.text();
    goldenPath.filter(g -> !Files.isRegularFile(files.file(g))).ifPresent(g -> golden.error("no such file " + g));
    return goldenPath.map(g -> new Expectation(Expectation.Kind.GOLDEN, parts[0], parts[1], 0,
        files.file(g).toString(), 0, node.where()));
  }
}
