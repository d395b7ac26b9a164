package org.beamlake.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Azurite, Microsoft's Blob Storage emulator (npm package {@code azurite}), on 127.0.0.1 with one
 * storage account whose key is made up at start: what the Azure tests write lakes to. The package is
 * installed once with {@code npm ci} from the pinned lock file beside this class (every dependency at the
 * version tested) into {@code ~/.cache/beamlake/azurite-VERSION-locked} (or the directory in the system
 * property {@code beamlake.azurite.home}); JDK, Node and npm are all it needs.
 *
 * <pre>{@code
 * try (Azurite azurite = Azurite.start()) {
 *   azurite.endpoint();  // http://127.0.0.1:PORT/beamlake
 *   azurite.account();   // beamlake
 *   azurite.key();       // the account's key: hand it on as ${env:NAME}, never write it down
 * }
 * }</pre>
 *
 * <p>Every wait is bounded (the install, the start), and a failure says what npm or Azurite printed.
 */
public final class Azurite implements AutoCloseable {
  /** The pinned Azurite release (3.37.0: runs on Node 20, though it asks for 22). */
  public static final String VERSION = "3.37.0";

  /** The storage account Azurite is started with. */
  public static final String ACCOUNT = "beamlake";

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path log;
  private final int port;
  private final String key;

  private Azurite(Process process, Path log, int port, String key) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.key = key;
  }

  /**
   * Installs Azurite if needed, then starts its Blob service on a free port of 127.0.0.1. A start that
   * dies (the port taken meanwhile) is tried again on another port, up to three times.
   */
  public static Azurite start() throws IOException {
    Path home = install();
    byte[] random = new byte[64];
    new SecureRandom().nextBytes(random);
    String key = Base64.getEncoder().encodeToString(random);
    IOException failure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOnce(home, key);
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    throw failure;
  }

  private static Azurite startOnce(Path home, String key) throws IOException {
    int port = freePort();
    Path log = Files.createTempFile("azurite-", ".log");
    ProcessBuilder builder = new ProcessBuilder(home.resolve("node_modules/.bin/azurite-blob").toString(),
        "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port), "--inMemoryPersistence",
        "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("AZURITE_ACCOUNTS", ACCOUNT + ":" + key);
    Instant started = Instant.now();
    Process process = builder.start();
    Azurite azurite = new Azurite(process, log, port, key);
    Instant deadline = started.plus(START_TIMEOUT);
    while (!listening(port)) {
      boolean alive = process.isAlive();
      if (!alive || Instant.now().isAfter(deadline)) {
        // Read what it printed before close() deletes the log.
        String printed = Files.readString(log, StandardCharsets.UTF_8).strip();
        azurite.close();
        throw new IOException("Azurite (" + home + ") did not start on 127.0.0.1:" + port + ": "
            + (alive ? "not listening after " + START_TIMEOUT.toSeconds() + " s"
                : "it exited with " + process.exitValue() + " after "
                    + Duration.between(started, Instant.now()).toMillis() + " ms")
            + "; it printed: " + (printed.isEmpty() ? "(nothing)" : printed));
      }
      sleep(100);
    }
    return azurite;
  }

  /** The Blob service endpoint of the account, path-style as Azurite serves it. */
  public String endpoint() {
    return "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  public String account() {
    return ACCOUNT;
  }

  /** The account's shared key (base64), made up at start. */
  public String key() {
    return key;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // a temporary log left behind is harmless
    }
  }

  /** The directory holding {@code node_modules/.bin/azurite-blob}, installing it on first use. */
  static synchronized Path install() throws IOException {
    String configured = System.getProperty("beamlake.azurite.home");
    Path home = configured != null ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "beamlake", "azurite-" + VERSION + "-locked");
    if (Files.isExecutable(home.resolve("node_modules/.bin/azurite-blob"))) {
      return home;
    }
    // Into a fresh directory first, moved in place when complete: an interrupted install is never used.
    Files.createDirectories(home.getParent());
    Path partial = Files.createTempDirectory(home.getParent(), home.getFileName() + ".partial-");
    Path out = partial.resolve("npm.log");
    // npm ci installs exactly the tree in the lock file: a fresh machine gets the dependencies that were
    // tested, not whatever their newest releases are that day.
    for (String file : List.of("package.json", "package-lock.json")) {
      try (InputStream in = Azurite.class.getResourceAsStream("azurite/" + file)) {
        if (in == null) {
          throw new IOException("the resource azurite/" + file + " is missing from beamlake testdata");
        }
        Files.copy(in, partial.resolve(file));
      }
    }
    List<String> command = List.of("npm", "ci", "--prefix", partial.toString(), "--no-audit", "--no-fund",
        "--loglevel=error");
    Process npm;
    try {
      npm = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    } catch (IOException e) {
      throw new IOException("cannot run npm to install Azurite (Node.js and npm are needed): " + e.getMessage(), e);
    }
    try {
      if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        npm.descendants().forEach(ProcessHandle::destroyForcibly);
        npm.destroyForcibly();
        throw new IOException("npm did not install azurite@" + VERSION + " within " + INSTALL_TIMEOUT.toMinutes()
            + " minutes (" + String.join(" ", command) + "); it printed: " + Files.readString(out).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      npm.destroyForcibly();
      throw new IOException("interrupted while installing Azurite", e);
    }
    if (npm.exitValue() != 0) {
      throw new IOException("npm failed to install azurite@" + VERSION + " (exit " + npm.exitValue() + "): "
          + Files.readString(out).strip());
    }
    try {
      Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!Files.isExecutable(home.resolve("node_modules/.bin/azurite-blob"))) {
        throw e; // not another JVM that finished first
      }
    }
    return home;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
