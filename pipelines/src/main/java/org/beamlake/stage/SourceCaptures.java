package org.beamlake.stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.beamlake.capture.CapturedFile;
import org.beamlake.capture.Secrets;
import org.beamlake.capture.files.CaptureFiles;
import org.beamlake.capture.http.CaptureHttp;
import org.beamlake.capture.jdbc.CaptureJdbc;
import org.beamlake.project.JdbcSourceConfig;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollectionList;
import org.beamlake.capture.http.Pagination;
import org.beamlake.project.HttpSourceConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.beamlake.project.SourceConfig;

/**
 * One place per source type: how the capture stage builds its transform, what the manifest says
 * was asked for, and the state after a capture. A new source type adds a case to each.
 */
final class SourceCaptures {
  private SourceCaptures() {}

  /** A source's capture, planned: a description for the run file, and its transform into a directory. */
  record Planned(String description, Function<String, PTransform<PBegin, PCollection<CapturedFile>>> transform) {
    PTransform<PBegin, PCollection<CapturedFile>> transform(String directory) {
      return transform.apply(directory);
    }
  }

  static Planned plan(StageContext ctx, SourceConfig source, CaptureState state) {
    if (ctx.sample() && source.sampleLocation() != null) { // any source type: its sample files, as received
      List<String> files = match(source, source.sampleLocation());
      return new Planned(source.sampleLocation(), dir -> CaptureFiles.of(files).to(dir));
    }
    switch (source.type()) {
      case "files":
        String location = location(ctx, source);
        if (isUrl(location)) { // a file on a web server: downloaded as is, named after the URL
          CaptureHttp download = CaptureHttp.from(location).withPagination(Pagination.raw());
          return new Planned(location, dir -> download.withStagingDirectory(dir));
        }
        List<String> files = match(source, location);
        return new Planned(location, dir -> CaptureFiles.of(files).to(dir));
      case "jdbc":
        JdbcSourceConfig j = source.jdbc();
        String url = resolveLeading(source, j.url(), "the database's JDBC URL");
        return new Planned(j.url(), dir -> new CaptureTables(source.name(), url, j, state.values(), dir));
      case "http":
        CaptureHttp http = http(source);
        return new Planned(source.http().url(), dir -> http.withStagingDirectory(dir));
      default:
        throw new IllegalArgumentException("source '" + source.name() + "': unknown type " + source.type());
    }
  }

  private static final Pattern LEADING_REFERENCE = Pattern.compile("^\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

  /**
   * {@code value} with a leading {@code ${env:NAME}} resolved now, when the run starts: an API's
   * base URL ({@code ${env:DATA360_URL}/data360/data}) or a whole JDBC URL, which picks the driver
   * when the pipeline is built. Such a location is configuration, not a secret; tokens and
   * passwords stay references until a worker resolves them. Anything else is returned as written.
   */
  static String resolveLeading(SourceConfig source, String value, String what) {
    Matcher m = LEADING_REFERENCE.matcher(value);
    if (!m.find()) {
      return value;
    }
    String resolved;
    try {
      resolved = Secrets.fromEnvironment().resolve(m.group());
    } catch (IllegalStateException e) {
      throw new IllegalStateException("source '" + source.name() + "': " + e.getMessage() + "; set it to " + what
          + " (for the demo projects' stand-ins: run with --sandbox, or start `beamlake sandbox up`)");
    }
    String rest = value.substring(m.end());
    return rest.isEmpty() ? resolved : resolved.replaceAll("/+$", "") + rest;
  }

  /** Every table of a database source: one {@link CaptureJdbc} per table, as each may split or watermark. */
  static final class CaptureTables extends PTransform<PBegin, PCollection<CapturedFile>> {
    private final String url;
    private final JdbcSourceConfig config;
    private final Map<String, String> previous;
    private final String directory;

    CaptureTables(String name, String url, JdbcSourceConfig config, Map<String, String> previous, String directory) {
      super(name + "-tables");
      this.url = url;
      this.config = config;
      this.previous = previous;
      this.directory = directory;
    }

    @Override
    public PCollection<CapturedFile> expand(PBegin input) {
      PCollectionList<CapturedFile> all = PCollectionList.empty(input.getPipeline());
      for (JdbcSourceConfig.Table table : config.tables()) {
        CaptureJdbc capture = CaptureJdbc.from(url).withStagingDirectory(directory);
        if (config.user() != null) {
          capture = capture.withUsername(config.user());
        }
        if (config.password() != null) {
          capture = capture.withPassword(config.password());
        }
        capture = table.query() != null ? capture.withQuery(table.name(), table.query())
            : capture.withTables(List.of(table.name()));
        if (table.splitBy() != null) {
          capture = capture.withPartitioning(table.splitBy(), table.partitions());
        }
        if (table.watermark() != null) {
          capture = capture.withWatermark(table.watermark());
          String mark = previous.get(table.name());
          if (mark != null) {
            capture = capture.withPreviousWatermarks(Map.of(table.name(), mark));
          }
        }
        all = all.and(input.apply(table.name(), capture));
      }
      return all.apply("All", Flatten.pCollections());
    }
  }

  static CaptureHttp http(SourceConfig source) {
    HttpSourceConfig h = source.http();
    CaptureHttp capture = CaptureHttp.from(resolveLeading(source, h.url(), "the API's base URL"))
        .withPagination(pagination(h.paging()))
        .withMaxAttempts(h.maxAttempts())
        .withReadTimeout(h.timeout());
    for (Map.Entry<String, String> param : h.params().entrySet()) {
      capture = capture.withQueryParameter(param.getKey(), param.getValue());
    }
    for (Map.Entry<String, String> header : h.headers().entrySet()) {
      capture = capture.withHeader(header.getKey(), header.getValue());
    }
    if (h.requestsPerSecond() > 0) {
      capture = capture.withRateLimit(h.requestsPerSecond());
    }
    if (h.concurrency() > 0) {
      capture = capture.withConcurrency(h.concurrency());
    }
    if (!h.forEach().isEmpty()) {
      Map<String, Map<String, String>> series = new LinkedHashMap<>();
      for (Map<String, String> item : h.forEach()) {
        series.put(String.join("__", item.values()), item);
      }
      capture = capture.withFanoutSeries(series);
    }
    return capture;
  }

  static Pagination pagination(HttpSourceConfig.Paging p) {
    Pagination pagination;
    switch (p.type()) {
      case OFFSET:
        pagination = Pagination.offset().withParameter(p.param()).withPageSize(p.size()).withCountPath(p.totalAt());
        break;
      case PAGE:
        pagination = Pagination.pageNumber().withParameter(p.param()).withPagesPath(p.pagesAt());
        if (p.size() > 0) {
          pagination = pagination.withPageSize(p.size());
        }
        break;
      case CURSOR:
        if (p.nextAt() == null) {
          pagination = Pagination.linkHeader();
        } else {
          pagination = Pagination.nextLink(p.nextAt());
          if (p.param() != null) {
            pagination = pagination.withCursorParameter(p.param());
          }
        }
        break;
      default:
        pagination = Pagination.single();
    }
    if (p.sizeParam() != null && (p.type() == HttpSourceConfig.PagingType.OFFSET
        || p.type() == HttpSourceConfig.PagingType.PAGE)) {
      pagination = pagination.withPageSizeParameter(p.sizeParam());
    }
    return p.recordsAt() != null ? pagination.withRecordsPath(p.recordsAt()) : pagination;
  }

  /** What was asked for, for the manifest (never a secret). */
  static Map<String, Object> request(StageContext ctx, SourceConfig source) {
    Map<String, Object> request = new LinkedHashMap<>();
    if (source.isFiles() || ctx.sample() && source.sampleLocation() != null) {
      request.put("location", location(ctx, source));
    } else if (source.jdbc() != null) {
      request.put("url", source.jdbc().url()); // as configured: ${env:NAME} references, never their values
      request.put("tables", source.jdbc().tables());
    } else if (source.http() != null) {
      HttpSourceConfig h = source.http();
      request.put("url", h.url()); // as configured: ${env:NAME} references, never their values
      request.put("params", h.params());
      request.put("for_each", h.forEach());
      request.put("paging", h.paging().type().name().toLowerCase(java.util.Locale.ROOT));
    }
    return request;
  }

  /**
   * The state after a capture: for a database, each watermarked table's high-water mark (kept from
   * before where this capture saw nothing new); files and APIs keep none.
   */
  static Map<String, String> stateAfter(SourceConfig source, CaptureState before, List<CapturedFile> files) {
    if (source.jdbc() == null) {
      return Map.of();
    }
    Map<String, String> after = new java.util.TreeMap<>(before.values());
    after.putAll(CaptureJdbc.newWatermarks(files));
    return after;
  }

  /**
   * Whether each capture of these files of the source ({@code files}: a dataset's glob, or null for
   * all) holds only what was new, so ETL reads every capture: a database table with a watermark.
   */
  static boolean incremental(SourceConfig source, String files) {
    return source.jdbc() != null && source.jdbc().tables().stream()
        .anyMatch(t -> t.watermark() != null && (files == null || files.startsWith(t.name() + "/")));
  }

  /** Whether a files source's location is an http(s) URL rather than a Beam path. */
  static boolean isUrl(String location) {
    return location.matches("(?i)https?://.*");
  }

  private static String location(StageContext ctx, SourceConfig source) {
    return ctx.sample() && source.sampleLocation() != null ? source.sampleLocation() : source.location();
  }

  static List<String> match(SourceConfig source, String location) {
    try {
      MatchResult match = FileSystems.match(location, EmptyMatchTreatment.ALLOW);
      List<String> files = new ArrayList<>();
      if (match.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata m : match.metadata()) {
          if (!m.resourceId().isDirectory()) {
            files.add(m.resourceId().toString());
          }
        }
      }
      if (files.isEmpty()) {
        throw new IllegalStateException("source '" + source.name() + "': no files match " + location);
      }
      files.sort(String::compareTo);
      java.util.Set<String> names = new java.util.HashSet<>();
      for (String file : files) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        if (!names.add(name)) {
          throw new IllegalStateException("source '" + source.name() + "': two files named " + name
              + " match " + location + "; raw keeps file names, so they must be unique");
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("source '" + source.name() + "': cannot list " + location, e);
    }
  }
}
