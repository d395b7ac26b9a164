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
 * The AWS Glue Data Catalog API as far as beamlake uses it, on 127.0.0.1, holding its catalog in
 * memory: {@code GetDatabase}, {@code CreateDatabase}, {@code GetTable}, {@code CreateTable}, {@code
 * UpdateTable}, {@code GetPartitions} (paged, {@link #PAGE} partitions a page) and {@code
 * BatchCreatePartition}. The protocol is Glue's JSON 1.1: {@code POST /} with {@code X-Amz-Target:
 * AWSGlue.<Operation>}, answers in {@code application/x-amz-json-1.1}, errors as HTTP 400 with
 * {@code {"__type": "EntityNotFoundException", "message": …}}. There is no Glue emulator; this one
 * answers as the API reference describes, and records every request as it arrived.
 */
public final class GlueStandIn implements AutoCloseable {
  /** Partitions per {@code GetPartitions} page. */
  public static final int PAGE = 2;

  /** One request: the operation (the part of {@code X-Amz-Target} after {@code AWSGlue.}) and its body. */
  public record Request(String operation, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, ObjectNode> databases = new LinkedHashMap<>();
  private final Map<String, ObjectNode> tables = new LinkedHashMap<>();
  private final Map<String, Map<List<String>, ObjectNode>> partitions = new HashMap<>();
  private final Map<String, Deque<String>> faults = new HashMap<>();

  private GlueStandIn(HttpServer server) {
    this.server = server;
  }

  public static GlueStandIn start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    GlueStandIn standIn = new GlueStandIn(server);
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

  /** The operations requested so far, in order. */
  public synchronized List<String> operations() {
    return requests.stream().map(Request::operation).toList();
  }

  /** A table as the catalog holds it, or null. */
  public synchronized JsonNode table(String database, String name) {
    return tables.get(database + "." + name);
  }

  /** The values of every partition of a table, in the order added. */
  public synchronized List<List<String>> partitionValues(String database, String table) {
    return new ArrayList<>(partitions.getOrDefault(database + "." + table, Map.of()).keySet());
  }

  /** The next answers to {@code operation} are these errors (e.g. {@code ThrottlingException}), then normal ones. */
  public synchronized void fail(String operation, String... errorTypes) {
    faults.computeIfAbsent(operation, k -> new ArrayDeque<>()).addAll(List.of(errorTypes));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!exchange.getRequestMethod().equals("POST") || !target.startsWith("AWSGlue.")) {
        send(exchange, 400, error("UnknownOperationException", "expected POST / with X-Amz-Target: AWSGlue.<Operation>"));
        return;
      }
      String operation = target.substring("AWSGlue.".length());
      JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      requests.add(new Request(operation, json));
      Deque<String> fault = faults.get(operation);
      if (fault != null && !fault.isEmpty()) {
        String type = fault.poll();
        send(exchange, 400, error(type, type.equals("ThrottlingException") ? "Rate exceeded"
            : "stand-in fault: " + type));
        return;
      }
      ObjectNode answer = answer(operation, json);
      send(exchange, answer.has("__type") ? 400 : 200, answer);
    }
  }

  private ObjectNode answer(String operation, JsonNode json) {
    switch (operation) {
      case "GetDatabase": {
        ObjectNode db = databases.get(json.path("Name").asText());
        return db == null ? notFound("Database " + json.path("Name").asText() + " not found.")
            : JSON.createObjectNode().set("Database", db);
      }
      case "CreateDatabase": {
        String name = json.path("DatabaseInput").path("Name").asText();
        if (databases.containsKey(name)) {
          return error("AlreadyExistsException", "Database already exists.");
        }
        databases.put(name, ((ObjectNode) json.path("DatabaseInput")).deepCopy());
        return JSON.createObjectNode();
      }
      case "GetTable": {
        String db = json.path("DatabaseName").asText();
        ObjectNode table = tables.get(db + "." + json.path("Name").asText());
        if (table == null) {
          return notFound(databases.containsKey(db) ? "Table " + json.path("Name").asText() + " not found."
              : "Database " + db + " not found.");
        }
        return JSON.createObjectNode().set("Table", table);
      }
      case "CreateTable":
      case "UpdateTable": {
        String db = json.path("DatabaseName").asText();
        if (!databases.containsKey(db)) {
          return notFound("Database " + db + " not found.");
        }
        ObjectNode input = ((ObjectNode) json.path("TableInput")).deepCopy();
        String key = db + "." + input.path("Name").asText();
        if (operation.equals("CreateTable") && tables.containsKey(key)) {
          return error("AlreadyExistsException", "Table already exists.");
        }
        if (operation.equals("UpdateTable") && !tables.containsKey(key)) {
          return notFound("Table " + input.path("Name").asText() + " not found.");
        }
        input.put("DatabaseName", db);
        tables.put(key, input);
        return JSON.createObjectNode();
      }
      case "GetPartitions": {
        String key = json.path("DatabaseName").asText() + "." + json.path("TableName").asText();
        if (!tables.containsKey(key)) {
          return notFound("Table " + json.path("TableName").asText() + " not found.");
        }
        List<ObjectNode> all = new ArrayList<>(partitions.getOrDefault(key, Map.of()).values());
        int from = json.hasNonNull("NextToken") ? Integer.parseInt(json.path("NextToken").asText()) : 0;
        ObjectNode page = JSON.createObjectNode();
        ArrayNode items = page.putArray("Partitions");
        all.subList(from, Math.min(all.size(), from + PAGE)).forEach(items::add);
        if (from + PAGE < all.size()) {
          page.put("NextToken", String.valueOf(from + PAGE));
        }
        return page;
      }
      case "BatchCreatePartition": {
        String key = json.path("DatabaseName").asText() + "." + json.path("TableName").asText();
        if (!tables.containsKey(key)) {
          return notFound("Table " + json.path("TableName").asText() + " not found.");
        }
        if (json.path("PartitionInputList").size() > 100) {
          return error("InvalidInputException", "PartitionInputList: at most 100 partitions");
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode errors = answer.putArray("Errors");
        Map<List<String>, ObjectNode> table = partitions.computeIfAbsent(key, k -> new LinkedHashMap<>());
        for (JsonNode partition : json.path("PartitionInputList")) {
          List<String> values = new ArrayList<>();
          partition.path("Values").forEach(v -> values.add(v.asText()));
          if (table.containsKey(values)) {
            ObjectNode e = errors.addObject();
            e.set("PartitionValues", partition.path("Values").deepCopy());
            e.putObject("ErrorDetail").put("ErrorCode", "AlreadyExistsException")
                .put("ErrorMessage", "Partition already exists.");
          } else {
            table.put(values, ((ObjectNode) partition).deepCopy());
          }
        }
        return answer;
      }
      default:
        return error("UnknownOperationException", "the stand-in does not answer " + operation);
    }
  }

  private static ObjectNode notFound(String message) {
    return error("EntityNotFoundException", message);
  }

  private static ObjectNode error(String type, String message) {
    return JSON.createObjectNode().put("__type", type).put("message", message);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().add("x-amzn-RequestId", "stand-in");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
