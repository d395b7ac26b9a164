package org.beamlake.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.beamlake.lake.CommitInfo;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableReader;

/**
 * The read-only API over one lake, as a function from a request's raw path and query to a
 * response: no sockets, so every route and error can be reasoned about on its own.
 *
 * <p>A path is matched as received (still percent-encoded) against a fixed set of routes; a name
 * in it (a table, a run id) is then looked up among the committed tables and recorded runs, never
 * turned into a file path. So {@code ..}, {@code %2e%2e}, absolute paths and backslashes can only
 * ever name a table or run that does not exist: 404.
 */
final class LakeApi {
  private static final Pattern TABLE = Pattern.compile("/tables/([^/]+)");
  private static final Pattern RUN = Pattern.compile("/runs/([^/]+)");

  private final TableCatalog tables;
  private final RunCatalog runs;

  LakeApi(Lake lake) {
    this.tables = new TableCatalog(lake);
    this.runs = new RunCatalog(lake);
  }

  ApiResponse handle(String rawPath, String rawQuery) {
    try {
      QueryParameters parameters = QueryParameters.parse(rawQuery);
      return route(rawPath == null ? "" : rawPath, parameters);
    } catch (ApiException e) {
      return e.response();
    }
  }

  private ApiResponse route(String path, QueryParameters parameters) {
    switch (path) {
      case "/":
        parameters.requireNone(path);
        return ApiResponse.json(Map.of("endpoints", List.of("/tables", "/tables/{name}", "/tables/{name}.csv", "/runs",
            "/runs/latest", "/runs/{run_id}", "/runs/{run_id}.html", "/openapi.json")));
      case "/openapi.json":
        parameters.requireNone(path);
        return ApiResponse.json(OpenApi.document(tables.list().keySet()));
      case "/tables":
        parameters.requireNone(path);
        return listTables();
      case "/runs":
        parameters.requireNone(path);
        return listRuns();
      default:
        break;
    }
    Matcher table = TABLE.matcher(path);
    if (table.matches()) {
      String name = decode(table.group(1));
      boolean csv = name.endsWith(".csv");
      return rows(csv ? name.substring(0, name.length() - ".csv".length()) : name, parameters, csv);
    }
    Matcher run = RUN.matcher(path);
    if (run.matches()) {
      parameters.requireNone("/runs/{run_id}");
      return run(decode(run.group(1)));
    }
    throw ApiException.notFound("no such resource '" + path + "'; see /openapi.json");
  }

  private ApiResponse listTables() {
    List<Map<String, Object>> list = new ArrayList<>();
    tables.list().forEach((name, info) -> {
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("name", name);
      List<Map<String, String>> columns = new ArrayList<>();
      info.columns().forEach((column, type) -> {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("name", column);
        c.put("type", type);
        columns.add(c);
      });
      table.put("columns", columns);
      table.put("rows", info.rows());
      table.put("run_id", info.runId());
      table.put("committed_at", info.committedAt());
      table.put("partition_by", info.partitionBy());
      list.add(table);
    });
    return ApiResponse.json(Map.of("tables", list));
  }

  private ApiResponse rows(String name, QueryParameters parameters, boolean csv) {
    CommitInfo info = tables.find(name).orElseThrow(() -> ApiException.notFound("no table '" + name
        + "'; tables are " + new ArrayList<>(tables.list().keySet())));
    TableReader.Table table = tables.read(name, info);
    RowsRequest request = RowsRequest.parse(parameters, name, table.schema(), csv);
    List<Row> matching = request.query().apply(table.rows());
    List<Row> page = matching.subList(Math.min(request.offset(), matching.size()),
        (int) Math.min((long) request.offset() + request.limit(), matching.size()));
    if (csv) {
      return ApiResponse.text("text/csv; charset=utf-8", RowValues.csv(table.schema(), page),
          Map.of("Content-Disposition", "attachment; filename=\"" + name + ".csv\""));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("table", name);
    body.put("run_id", info.runId());
    body.put("total", matching.size());
    body.put("offset", request.offset());
    body.put("limit", request.limit());
    Schema schema = table.schema();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Row row : page) {
      rows.add(RowValues.json(schema, row));
    }
    body.put("rows", rows);
    return ApiResponse.json(body);
  }

  private ApiResponse listRuns() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (String id : runs.ids()) {
      runs.file(id, ".json").ifPresent(bytes -> list.add(RunSummary.of(id, bytes)));
    }
    return ApiResponse.json(Map.of("runs", list));
  }

  /** {@code /runs/ID} (the record) or {@code /runs/ID.html} (the report); ID may be {@code latest}. */
  private ApiResponse run(String segment) {
    boolean html = segment.endsWith(".html");
    String id = html ? segment.substring(0, segment.length() - ".html".length()) : segment;
    String which = id.equals("latest") ? runs.latest()
        .orElseThrow(() -> ApiException.notFound("no run is recorded in this lake yet")) : id;
    Optional<byte[]> file = runs.file(which, html ? ".html" : ".json");
    byte[] body = file.orElseThrow(() -> ApiException.notFound(runs.ids().contains(which)
        ? "run '" + which + "' has no report; write it with: beamlake report LAKE --run " + which
        : "no run '" + id + "'; see /runs"));
    return html ? new ApiResponse(200, "text/html; charset=utf-8", body, Map.of()) : ApiResponse.jsonBytes(body);
  }

  /** A path segment for lookups and messages; undecodable text stays as received (it matches nothing). */
  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }
}
