package org.beamlake.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Headless Chromium driven over the DevTools protocol (a WebSocket, java.net.http): open a page,
 * collect every console message and uncaught exception, evaluate JavaScript, take a screenshot.
 * Only loopback: Chromium listens on 127.0.0.1 and the pages are local files.
 */
final class HeadlessChromium implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

  private record Waiter(Predicate<JsonNode> matches, CompletableFuture<JsonNode> found) {}

  private HeadlessChromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** The Chromium executable on the PATH, if there is one. */
  static Optional<Path> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts Chromium on a blank page and attaches to that page. */
  static HeadlessChromium start(Path executable) throws Exception {
    Path profile = Files.createTempDirectory("beamlake-chromium");
    Process process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1280,900", "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String browser = devToolsAddress(process);
    URI list = URI.create("http://127.0.0.1:" + URI.create(browser).getPort() + "/json/list");
    HttpClient http = HttpClient.newHttpClient();
    String page = null;
    for (JsonNode target : JSON.readTree(http.send(HttpRequest.newBuilder(list).timeout(TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString()).body())) {
      if (target.path("type").asText().equals("page")) {
        page = target.get("webSocketDebuggerUrl").asText();
      }
    }
    if (page == null) {
      process.destroyForcibly();
      throw new IllegalStateException("Chromium has no page to attach to");
    }
    HeadlessChromium[] self = new HeadlessChromium[1];
    WebSocket socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
        .buildAsync(URI.create(page), new Listener(message -> self[0].receive(message))).get(60, TimeUnit.SECONDS);
    self[0] = new HeadlessChromium(process, profile, socket);
    return self[0];
  }

  /** Chromium prints "DevTools listening on ws://..." on stderr once it is ready. */
  private static String devToolsAddress(Process process) throws IOException {
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    for (String line = err.readLine(); line != null; line = err.readLine()) {
      if (line.startsWith("DevTools listening on ")) {
        Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return line.substring("DevTools listening on ".length()).trim();
      }
      seen.add(line);
    }
    throw new IllegalStateException("Chromium exited before listening:\n" + String.join("\n", seen));
  }

  /** Sends a command and waits for its result; a protocol error fails. */
  JsonNode call(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    pending.put(id, result);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    socket.sendText(JSON.writeValueAsString(message), true).get(60, TimeUnit.SECONDS);
    JsonNode answer = result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (answer.has("error")) {
      throw new IllegalStateException(method + ": " + answer.get("error"));
    }
    return answer.path("result");
  }

  /** Arms a wait for the first event (from now on) that matches. */
  CompletableFuture<JsonNode> next(String method) {
    CompletableFuture<JsonNode> found = new CompletableFuture<>();
    waiters.add(new Waiter(e -> e.path("method").asText().equals(method), found));
    return found;
  }

  /** Every event received so far. */
  List<JsonNode> events() {
    return List.copyOf(events);
  }

  /** The value of a JavaScript expression (JSON-serializable), after any promise it returns settles. */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
        "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("evaluating " + expression + ": " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  private void receive(String text) {
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON from Chromium: " + text, e);
    }
    if (message.has("id")) {
      CompletableFuture<JsonNode> result = pending.remove(message.get("id").asInt());
      if (result != null) {
        result.complete(message);
      }
      return;
    }
    events.add(message);
    for (Waiter waiter : waiters) {
      if (waiter.matches().test(message) && waiter.found().complete(message)) {
        waiters.remove(waiter);
      }
    }
  }

  @Override
  public void close() throws Exception {
    socket.abort();
    // Chromium's helper processes (network service, renderers) can outlive the browser by a moment and
    // still write into the profile: stop them too, and wait for all of them, before deleting it.
    java.util.List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    helpers.forEach(ProcessHandle::destroy);
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle helper : helpers) {
      try {
        helper.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        helper.destroyForcibly();
      }
    }
    deleteProfile();
  }

  /** The temporary profile, removed; a file that vanishes while it is walked is already gone. */
  private void deleteProfile() throws java.io.IOException {
    for (int attempt = 1; ; attempt++) {
      try (var walk = Files.walk(profile)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        return;
      } catch (java.io.UncheckedIOException e) {
        if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 3) {
          throw e;
        }
      }
    }
  }

  /** Joins a message's text frames and hands each whole message on. */
  private static final class Listener implements WebSocket.Listener {
    private final java.util.function.Consumer<String> onMessage;
    private final StringBuilder partial = new StringBuilder();

    Listener(java.util.function.Consumer<String> onMessage) {
      this.onMessage = onMessage;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        onMessage.accept(text);
      }
      webSocket.request(1);
      return null;
    }
  }
}
