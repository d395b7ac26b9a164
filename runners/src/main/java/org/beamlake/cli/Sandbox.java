package org.beamlake.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.beamlake.capture.Secrets;
import org.beamlake.testdata.FixtureApiServer;

/**
 * The local stand-ins the demo projects capture from, on 127.0.0.1 only: the Data360 API serving
 * the demo's stored pages. {@link #environment()} holds the {@code ${env:NAME}} values the demo
 * projects read; {@link #export()} hands them to this JVM's workers for an in-process run.
 */
final class Sandbox implements AutoCloseable {
  private final List<AutoCloseable> services = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> exported = new ArrayList<>();

  private Sandbox() {}

  /** Where beamlake is installed: set by {@code bin/beamlake}, else the working directory. */
  static Path home() {
    String home = System.getProperty("beamlake.home");
    if (home != null) {
      return Path.of(home);
    }
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("testdata")) ? here : here.getParent(); // from a module directory (tests)
  }

  /** Starts every stand-in on free ports (or the given ones; 0 = free). */
  static Sandbox start(int apiPort) throws IOException {
    Sandbox sandbox = new Sandbox();
    try {
      Path pages = home().resolve("testdata/world-indicators/data/pages");
      FixtureApiServer api = FixtureApiServer.start(pages, apiPort);
      sandbox.services.add(api);
      sandbox.environment.put("DATA360_URL", api.url());
      return sandbox;
    } catch (IOException | RuntimeException e) {
      sandbox.close();
      throw e;
    } catch (NoClassDefFoundError e) {
      sandbox.close();
      throw new IllegalStateException("the sandbox's stand-ins are not in this build (the cluster jar leaves them "
          + "out): run the sandbox with bin/beamlake from a source checkout", e);
    }
  }

  /** The environment variables the demo projects read, with their values. */
  Map<String, String> environment() {
    return environment;
  }

  /**
   * Makes the values visible to this JVM's workers (as {@code beamlake.env.NAME} properties) for
   * names not already set in the environment; undone by {@link #close()}.
   */
  Sandbox export() {
    environment.forEach((name, value) -> {
      if (System.getenv(name) == null) {
        System.setProperty(Secrets.PROPERTY_PREFIX + name, value);
        exported.add(name);
      }
    });
    return this;
  }

  @Override
  public void close() {
    exported.forEach(name -> System.clearProperty(Secrets.PROPERTY_PREFIX + name));
    exported.clear();
    for (AutoCloseable service : services) {
      try {
        service.close();
      } catch (Exception e) {
        System.err.println("sandbox: could not stop " + service + ": " + e.getMessage());
      }
    }
    services.clear();
  }
}
