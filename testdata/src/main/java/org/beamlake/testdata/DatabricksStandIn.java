package org.beamlake.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Databricks workspace's REST API as far as beamlake uses it, on 127.0.0.1: Files API ({@code
 * HEAD}/{@code PUT /api/2.0/fs/files/...}), Jobs API 2.1 ({@code runs/submit} with idempotency
 * tokens, {@code runs/get}, {@code runs/get-output}, {@code runs/cancel}, {@code jobs/list|create|reset})
 * and {@code clusters/get}. Every request is recorded as it arrived. There is no emulator of the
 * Databricks control plane; this one answers as the API reference describes.
 *
 * <p>A submitted run moves one step per {@code runs/get}: PENDING, then each task RUNNING and then
 * TERMINATED with the result set for it ({@link #taskResult}), the tasks after a failed one
 * SKIPPED, the run TERMINATED with SUCCESS or FAILED. {@link #fail} makes the next answers to a
 * path an error (429 or 5xx, with {@code Retry-After: 0}).
 */
public final class DatabricksStandIn implements AutoCloseable {
  /** One request as received. */
  public record Request(String method, String target, String authorization, String body) {
    public String line() {
      return method + " " + target;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Map<String, Long> tokens = new HashMap<>();
  private final Map<Long, ObjectNode> runs = new HashMap<>();
  private final Map<Long, Integer> steps = new HashMap<>();
  private final Map<String, String> results = new HashMap<>();
  private final Map<String, Deque<Integer>> faults = new HashMap<>();
  private final Map<String, String> clusters = new HashMap<>();
  private final Map<Long, String> jobs = new LinkedHashMap<>();
  private long nextRun = 1001;
  private long nextJob = 501;

  private DatabricksStandIn(HttpServer server) {
    this.server = server;
  }

  public static DatabricksStandIn start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    DatabricksStandIn standIn = new DatabricksStandIn(server);
    server.createContext("/", standIn::handle);
    server.start();
    return standIn;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request so far, in order. */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The bodies of every request to a path (its query left out), parsed. */
  public synchronized List<JsonNode> bodies(String method, String path) throws IOException {
    List<JsonNode> bodies = new ArrayList<>();
    for (Request r : requests) {
      if (r.method().equals(method) && r.target().split("\\?")[0].equals(path)) {
        bodies.add(JSON.readTree(r.body()));
      }
    }
    return bodies;
  }

  public synchronized Map<String, byte[]> files() {
    return Map.copyOf(files);
  }

  /** A file already in the workspace. */
  public synchronized void putFile(String path, byte[] content) {
    files.put(path, content);
  }

  /** The result a task of that key ends with: SUCCESS (default) or FAILED with this error. */
  public synchronized void taskResult(String taskKey, String error) {
    results.put(taskKey, error);
  }

  /** An all-purpose cluster and its runtime. */
  public synchronized void cluster(String id, String sparkVersion) {
    clusters.put(id, sparkVersion);
  }

  /** A job that already exists. */
  public synchronized void job(long id, String name) {
    jobs.put(id, name);
  }

  /** The next answers to {@code method path} are these statuses (e.g. 429, 503), then normal ones. */
  public synchronized void fail(String method, String path, Integer... statuses) {
    faults.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).addAll(List.of(statuses));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String target = exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      boolean binary = method.equals("PUT");
      requests.add(new Request(method, target, exchange.getRequestHeaders().getFirst("Authorization"),
          binary ? body.length + " bytes" : new String(body, StandardCharsets.UTF_8)));
      Deque<Integer> fault = faults.get(method + " " + path);
      if (fault != null && !fault.isEmpty()) {
        int status = fault.poll();
        exchange.getResponseHeaders().add("Retry-After", "0"); // the API sends it with 429 and some 503s
        send(exchange, status, JSON.createObjectNode().put("error_code", status == 429 ? "REQUEST_LIMIT_EXCEEDED"
            : "TEMPORARILY_UNAVAILABLE").put("message", "stand-in fault " + status));
        return;
      }
      Map<String, String> query = query(exchange.getRequestURI().getQuery());
      if (path.startsWith("/api/2.0/fs/files/")) {
        String file = path.substring("/api/2.0/fs/files".length());
        if (method.equals("HEAD")) {
          exchange.sendResponseHeaders(files.containsKey(file) ? 200 : 404, -1);
        } else if (method.equals("PUT") && files.containsKey(file) && "false".equals(query.get("overwrite"))) {
          send(exchange, 409, error("ALREADY_EXISTS", "The file being created already exists."));
        } else if (method.equals("PUT")) {
          files.put(file, body);
          exchange.sendResponseHeaders(204, -1);
        } else {
          send(exchange, 405, error("BAD_REQUEST", "method"));
        }
        return;
      }
      JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      switch (method + " " + path) {
        case "POST /api/2.1/jobs/runs/submit" -> send(exchange, 200, JSON.createObjectNode().put("run_id", submit(json)));
        case "GET /api/2.1/jobs/runs/get" -> {
          ObjectNode run = runs.get(Long.parseLong(query.get("run_id")));
          if (run == null) {
            send(exchange, 400, error("INVALID_PARAMETER_VALUE", "Run " + query.get("run_id") + " does not exist."));
          } else {
            advance(run);
            send(exchange, 200, run);
          }
        }
        case "GET /api/2.1/jobs/runs/get-output" -> send(exchange, 200, output(Long.parseLong(query.get("run_id"))));
        case "POST /api/2.1/jobs/runs/cancel" -> {
          ObjectNode run = runs.get(json.path("run_id").asLong());
          for (JsonNode task : run.path("tasks")) {
            if (!task.path("state").path("life_cycle_state").asText().equals("TERMINATED")) {
              state((ObjectNode) task, "TERMINATED", "CANCELED");
            }
          }
          state(run, "TERMINATED", "CANCELED");
          steps.put(json.path("run_id").asLong(), Integer.MAX_VALUE);
          send(exchange, 200, JSON.createObjectNode());
        }
        case "GET /api/2.0/clusters/get" -> send(exchange, 200, JSON.createObjectNode()
            .put("cluster_id", query.get("cluster_id")).put("spark_version", clusters.get(query.get("cluster_id"))));
        case "GET /api/2.1/jobs/list" -> {
          ObjectNode list = JSON.createObjectNode();
          ArrayNode found = list.putArray("jobs");
          jobs.forEach((id, name) -> {
            if (name.equals(query.get("name"))) {
              found.addObject().put("job_id", id).putObject("settings").put("name", name);
            }
          });
          send(exchange, 200, list);
        }
        case "POST /api/2.1/jobs/create" -> {
          long id = nextJob++;
          jobs.put(id, json.path("name").asText());
          send(exchange, 200, JSON.createObjectNode().put("job_id", id));
        }
        case "POST /api/2.1/jobs/reset" -> send(exchange, 200, JSON.createObjectNode());
        default -> send(exchange, 404, error("ENDPOINT_NOT_FOUND", "No API found for '" + method + " " + path + "'"));
      }
    }
  }

  private long submit(JsonNode request) {
    String token = request.path("idempotency_token").asText(null);
    if (token != null && tokens.containsKey(token)) {
      return tokens.get(token);
    }
    long id = nextRun++;
    ObjectNode run = JSON.createObjectNode().put("run_id", id).put("run_name", request.path("run_name").asText())
        .put("run_page_url", url() + "/#job/runs/" + id);
    state(run, "PENDING", null);
    ArrayNode tasks = run.putArray("tasks");
    int i = 0;
    for (JsonNode task : request.path("tasks")) {
      ObjectNode t = tasks.addObject().put("run_id", id * 10 + ++i).put("task_key", task.path("task_key").asText());
      state(t, "PENDING", null);
    }
    runs.put(id, run);
    steps.put(id, 0);
    if (token != null) {
      tokens.put(token, id);
    }
    return id;
  }

  /** One step: the first call shows PENDING; then each task RUNNING, then ended. */
  private void advance(ObjectNode run) {
    long id = run.path("run_id").asLong();
    int step = steps.get(id);
    if (step == Integer.MAX_VALUE) {
      return;
    }
    steps.put(id, step + 1);
    if (step == 0) {
      return;
    }
    ArrayNode tasks = (ArrayNode) run.path("tasks");
    int index = (step - 1) / 2;
    if (index >= tasks.size()) {
      return;
    }
    state(run, "RUNNING", null);
    ObjectNode task = (ObjectNode) tasks.get(index);
    if (step % 2 == 1) {
      state(task, "RUNNING", null);
      return;
    }
    String error = results.get(task.path("task_key").asText());
    state(task, "TERMINATED", error == null ? "SUCCESS" : "FAILED");
    if (error != null) {
      for (int rest = index + 1; rest < tasks.size(); rest++) {
        state((ObjectNode) tasks.get(rest), "SKIPPED", "UPSTREAM_FAILED");
      }
      state(run, "TERMINATED", "FAILED");
      steps.put(id, Integer.MAX_VALUE);
    } else if (index == tasks.size() - 1) {
      state(run, "TERMINATED", "SUCCESS");
      steps.put(id, Integer.MAX_VALUE);
    }
  }

  private ObjectNode output(long taskRunId) {
    for (ObjectNode run : runs.values()) {
      for (JsonNode task : run.path("tasks")) {
        if (task.path("run_id").asLong() == taskRunId) {
          ObjectNode out = JSON.createObjectNode();
          out.putObject("metadata").put("run_id", taskRunId).put("task_key", task.path("task_key").asText());
          if ("FAILED".equals(task.path("state").path("result_state").asText())) {
            String error = results.get(task.path("task_key").asText());
            out.put("error", error).put("error_trace", error + "\n\tat org.beamlake.cli.Main.main(Main.java:42)");
          }
          return out;
        }
      }
    }
    return error("INVALID_PARAMETER_VALUE", "Run " + taskRunId + " does not exist.");
  }

  private static void state(ObjectNode node, String lifeCycle, String result) {
    ObjectNode state = node.putObject("state").put("life_cycle_state", lifeCycle);
    if (result != null) {
      state.put("result_state", result);
    }
    state.put("state_message", "");
  }

  private static ObjectNode error(String code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message);
  }

  private static Map<String, String> query(String query) {
    Map<String, String> values = new HashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        values.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    return values;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
