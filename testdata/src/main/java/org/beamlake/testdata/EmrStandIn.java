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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Amazon EMR API as far as beamlake uses it, on 127.0.0.1: the JSON 1.1 protocol ({@code POST /},
 * {@code X-Amz-Target: ElasticMapReduce.<Operation>}) for {@code RunJobFlow}, {@code ListClusters},
 * {@code DescribeCluster}, {@code AddJobFlowSteps}, {@code ListSteps} and {@code TerminateJobFlows};
 * errors as {@code {"__type": …, "message": …}} with HTTP 400. Every request is recorded as it
 * arrived. There is no emulator of the EMR control plane; this one answers as the API reference
 * describes, for the real SDK client pointed at it with {@code endpointOverride}.
 *
 * <p>Time moves one transition per {@code DescribeCluster} of a cluster after its first (which
 * shows it as created, or as {@link #cluster} set it): STARTING, BOOTSTRAPPING,
 * then RUNNING while it has steps to run (the first unfinished step goes PENDING, RUNNING, then
 * COMPLETED or FAILED as set by {@link #failStep}), WAITING when none are left (or TERMINATING and
 * TERMINATED for a cluster not kept alive). A failed step's {@code ActionOnFailure} applies:
 * CONTINUE, CANCEL_AND_WAIT (later steps CANCELLED) or TERMINATE_CLUSTER (TERMINATED_WITH_ERRORS).
 * {@link #throttle} makes the next answers to an operation a {@code ThrottlingException}.
 */
public final class EmrStandIn implements AutoCloseable {
  /** One request: its operation and its body as sent. */
  public record Request(String operation, String body, boolean signed) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STEP_DONE = Set.of("COMPLETED", "FAILED", "CANCELLED", "INTERRUPTED");

  private static final class Step {
    final String id;
    final String name;
    final String actionOnFailure;
    final JsonNode config;
    String state = "PENDING";
    String[] failure;

    Step(String id, JsonNode step) {
      this.id = id;
      this.name = step.path("Name").asText();
      this.actionOnFailure = step.path("ActionOnFailure").asText("TERMINATE_CLUSTER");
      this.config = step.path("HadoopJarStep");
    }
  }

  private static final class Cluster {
    final String id;
    final String name;
    final String releaseLabel;
    final String logUri;
    final boolean keepAlive;
    final JsonNode tags;
    final List<Step> steps = new ArrayList<>();
    String state = "STARTING";
    boolean described;
    String reasonCode;
    String reasonMessage;

    Cluster(String id, String name, String releaseLabel, String logUri, boolean keepAlive, JsonNode tags) {
      this.id = id;
      this.name = name;
      this.releaseLabel = releaseLabel;
      this.logUri = logUri;
      this.keepAlive = keepAlive;
      this.tags = tags;
    }

    boolean stepsLeft() {
      return steps.stream().anyMatch(s -> !STEP_DONE.contains(s.state));
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, Cluster> clusters = new LinkedHashMap<>();
  private final Map<String, String[]> failures = new HashMap<>();
  private final Map<String, Integer> throttled = new HashMap<>();
  private int held;
  private int nextCluster = 1;
  private int nextStep = 1;

  private EmrStandIn(HttpServer server) {
    this.server = server;
  }

  public static EmrStandIn start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    EmrStandIn standIn = new EmrStandIn(server);
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

  /** The operations called so far, in order. */
  public synchronized List<String> operations() {
    return requests.stream().map(Request::operation).toList();
  }

  /** The bodies of every call of an operation, parsed. */
  public synchronized List<JsonNode> bodies(String operation) throws IOException {
    List<JsonNode> bodies = new ArrayList<>();
    for (Request r : requests) {
      if (r.operation().equals(operation)) {
        bodies.add(JSON.readTree(r.body()));
      }
    }
    return bodies;
  }

  /** A cluster that already exists (started outside beamlake), in this state. */
  public synchronized String cluster(String name, String releaseLabel, String logUri, String state) {
    Cluster cluster = new Cluster(clusterId(), name, releaseLabel, logUri, true, JSON.createArrayNode());
    cluster.state = state;
    clusters.put(cluster.id, cluster);
    return cluster.id;
  }

  /** The step whose name ends with {@code " " + stage} fails, with this reason and message. */
  public synchronized void failStep(String stage, String reason, String message) {
    failures.put(stage, new String[] {reason, message});
  }

  /** Steps of that stage added from now on complete again. */
  public synchronized void fixStep(String stage) {
    failures.remove(stage);
  }

  /** The next {@code times} calls of the operation answer {@code ThrottlingException} (HTTP 400). */
  public synchronized void throttle(String operation, int times) {
    throttled.put(operation, times);
  }

  /** The next {@code times} calls of DescribeCluster leave every cluster as it is, as a slow one. */
  public synchronized void hold(int times) {
    held = times;
  }

  /** The id the next cluster gets. */
  public synchronized String nextClusterId() {
    return String.format("j-STANDIN%05d", nextCluster);
  }

  /** The id the n-th next step gets (1 for the next one). */
  public synchronized String nextStepId(int n) {
    return String.format("s-STANDIN%05d", nextStep + n - 1);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private String clusterId() {
    return String.format("j-STANDIN%05d", nextCluster++);
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String operation = target == null ? "" : target.replaceFirst("^ElasticMapReduce\\.", "");
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(operation, body, authorization != null && authorization.startsWith("AWS4-HMAC-SHA256")));
      if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith("ElasticMapReduce.")) {
        send(exchange, 400, error("UnknownOperationException", "expected POST / with X-Amz-Target"));
        return;
      }
      int throttle = throttled.getOrDefault(operation, 0);
      if (throttle > 0) {
        throttled.put(operation, throttle - 1);
        send(exchange, 400, error("ThrottlingException", "Rate exceeded"));
        return;
      }
      JsonNode in = JSON.readTree(body.isEmpty() ? "{}" : body);
      ObjectNode outcome = switch (operation) {
        case "RunJobFlow" -> runJobFlow(in);
        case "ListClusters" -> listClusters(in);
        case "DescribeCluster" -> describeCluster(in);
        case "AddJobFlowSteps" -> addJobFlowSteps(in);
        case "ListSteps" -> listSteps(in);
        case "TerminateJobFlows" -> terminate(in);
        default -> error("UnknownOperationException", "not served by this stand-in: " + operation);
      };
      send(exchange, outcome.has("__type") ? 400 : 200, outcome);
    }
  }

  private ObjectNode runJobFlow(JsonNode in) {
    Cluster cluster = new Cluster(clusterId(), in.path("Name").asText(), in.path("ReleaseLabel").asText(),
        in.path("LogUri").asText(null), in.path("Instances").path("KeepJobFlowAliveWhenNoSteps").asBoolean(false),
        in.path("Tags"));
    for (JsonNode step : in.path("Steps")) {
      cluster.steps.add(new Step(String.format("s-STANDIN%05d", nextStep++), step));
    }
    clusters.put(cluster.id, cluster);
    return JSON.createObjectNode().put("JobFlowId", cluster.id)
        .put("ClusterArn", "arn:aws:elasticmapreduce:us-east-1:123456789012:cluster/" + cluster.id);
  }

  private ObjectNode listClusters(JsonNode in) {
    List<String> states = new ArrayList<>();
    in.path("ClusterStates").forEach(s -> states.add(s.asText()));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("Clusters");
    List<Cluster> newestFirst = new ArrayList<>(clusters.values());
    java.util.Collections.reverse(newestFirst);
    for (Cluster c : newestFirst) {
      if (states.isEmpty() || states.contains(c.state)) {
        ObjectNode summary = list.addObject().put("Id", c.id).put("Name", c.name);
        summary.putObject("Status").put("State", c.state);
      }
    }
    return out;
  }

  private ObjectNode describeCluster(JsonNode in) {
    Cluster c = clusters.get(in.path("ClusterId").asText());
    if (c == null) {
      return error("InvalidRequestException", "Cluster id '" + in.path("ClusterId").asText() + "' is not valid.");
    }
    if (held > 0) {
      held--;
    } else if (c.described) {
      tick(c);
    }
    c.described = true;
    ObjectNode out = JSON.createObjectNode();
    ObjectNode cluster = out.putObject("Cluster").put("Id", c.id).put("Name", c.name).put("ReleaseLabel",
        c.releaseLabel).put("AutoTerminate", !c.keepAlive);
    if (c.logUri != null) {
      cluster.put("LogUri", c.logUri);
    }
    ObjectNode status = cluster.putObject("Status").put("State", c.state);
    if (c.reasonCode != null) {
      status.putObject("StateChangeReason").put("Code", c.reasonCode).put("Message", c.reasonMessage);
    }
    cluster.set("Tags", c.tags);
    return out;
  }

  private ObjectNode addJobFlowSteps(JsonNode in) {
    Cluster c = clusters.get(in.path("JobFlowId").asText());
    if (c == null) {
      return error("InvalidRequestException", "Cluster id '" + in.path("JobFlowId").asText() + "' is not valid.");
    }
    if (c.state.startsWith("TERMINAT")) {
      return error("ValidationException", "A job flow that is shutting down, terminated, or finished may not be "
          + "modified.");
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode ids = out.putArray("StepIds");
    for (JsonNode step : in.path("Steps")) {
      Step s = new Step(String.format("s-STANDIN%05d", nextStep++), step);
      c.steps.add(s);
      ids.add(s.id);
    }
    return out;
  }

  private ObjectNode listSteps(JsonNode in) {
    Cluster c = clusters.get(in.path("ClusterId").asText());
    if (c == null) {
      return error("InvalidRequestException", "Cluster id '" + in.path("ClusterId").asText() + "' is not valid.");
    }
    List<String> only = new ArrayList<>();
    in.path("StepIds").forEach(s -> only.add(s.asText()));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("Steps");
    List<Step> listed = new ArrayList<>();
    if (only.isEmpty()) {
      for (int i = c.steps.size() - 1; i >= 0; i--) { // newest first, as EMR lists them
        listed.add(c.steps.get(i));
      }
    } else {
      // Asked for given ids, EMR lists them in no promised order; here as asked, not newest first.
      for (String id : only) {
        c.steps.stream().filter(s -> s.id.equals(id)).forEach(listed::add);
      }
    }
    for (Step s : listed) {
      ObjectNode step = list.addObject().put("Id", s.id).put("Name", s.name).put("ActionOnFailure", s.actionOnFailure);
      step.set("Config", s.config);
      ObjectNode status = step.putObject("Status").put("State", s.state);
      if (s.failure != null) {
        status.putObject("FailureDetails").put("Reason", s.failure[0]).put("Message", s.failure[1])
            .put("LogFile", c.logUri + c.id + "/steps/" + s.id + "/stderr.gz");
      }
    }
    return out;
  }

  private ObjectNode terminate(JsonNode in) {
    for (JsonNode id : in.path("JobFlowIds")) {
      Cluster c = clusters.get(id.asText());
      if (c == null) {
        return error("InvalidRequestException", "Cluster id '" + id.asText() + "' is not valid.");
      }
      if (!c.state.startsWith("TERMINAT")) {
        c.state = "TERMINATING";
        c.reasonCode = "USER_REQUEST";
        c.reasonMessage = "Terminated by user request";
        c.steps.stream().filter(s -> !STEP_DONE.contains(s.state)).forEach(s -> s.state = "CANCELLED");
      }
    }
    return JSON.createObjectNode();
  }

  /** One transition of the cluster, or of its first unfinished step. */
  private void tick(Cluster c) {
    switch (c.state) {
      case "STARTING" -> c.state = "BOOTSTRAPPING";
      case "BOOTSTRAPPING", "WAITING" -> {
        if (c.stepsLeft()) {
          c.state = "RUNNING";
        } else if (c.state.equals("BOOTSTRAPPING")) {
          idle(c);
        }
      }
      case "RUNNING" -> {
        Step step = c.steps.stream().filter(s -> !STEP_DONE.contains(s.state)).findFirst().orElse(null);
        if (step == null) {
          idle(c);
        } else if (step.state.equals("PENDING")) {
          step.state = "RUNNING";
        } else {
          String[] failure = failures.get(step.name.substring(step.name.lastIndexOf(' ') + 1));
          step.state = failure == null ? "COMPLETED" : "FAILED";
          step.failure = failure;
          if (failure != null && !step.actionOnFailure.equals("CONTINUE")) {
            c.steps.stream().filter(s -> s.state.equals("PENDING")).forEach(s -> s.state = "CANCELLED");
            if (step.actionOnFailure.equals("TERMINATE_CLUSTER")) {
              c.state = "TERMINATING";
              c.reasonCode = "STEP_FAILURE";
              c.reasonMessage = "Shut down as step failed";
            }
          }
        }
      }
      case "TERMINATING" -> c.state = "STEP_FAILURE".equals(c.reasonCode) ? "TERMINATED_WITH_ERRORS" : "TERMINATED";
      default -> { }
    }
  }

  private static void idle(Cluster c) {
    if (c.keepAlive) {
      c.state = "WAITING";
      c.reasonCode = null;
    } else {
      c.state = "TERMINATING";
      c.reasonCode = "ALL_STEPS_COMPLETED";
      c.reasonMessage = "Steps completed";
    }
  }

  private static ObjectNode error(String type, String message) {
    return JSON.createObjectNode().put("__type", type).put("message", message);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().add("x-amzn-RequestId", "standin-" + System.nanoTime());
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
