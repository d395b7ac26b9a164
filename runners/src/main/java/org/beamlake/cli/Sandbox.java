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
import org.beamlake.testdata.SakilaPostgres;

/**
 * The local stand-ins the demo projects capture from, on 127.0.0.1 only: the Data360 API serving
 * the world-indicators demo's stored pages, and a PostgreSQL holding Sakila for the dvd-rental demo. {@link #environment()} holds the {@code ${env:NAME}} values the demo
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

  /** The variables each stand-in provides. */
  static final List<String> API = List.of("DATA360_URL", "WEATHER_URL", "CATALOGUE_URL");
  static final List<String> DATABASE = List.of("SAKILA_URL", "SAKILA_USER", "SAKILA_PASSWORD");

  /** Starts every stand-in on free ports (or the given ones; 0 = free). */
  static Sandbox start(int apiPort) throws IOException {
    return start(apiPort, 0, null);
  }

  /**
   * Starts the stand-ins that provide any of {@code wanted} (null: all of them) on the given ports
   * (0: a free one).
   */
  static Sandbox start(int apiPort, int databasePort, java.util.Set<String> wanted) throws IOException {
    Sandbox sandbox = new Sandbox();
    try {
      if (wanted == null || API.stream().anyMatch(wanted::contains)) {
        Path pages = home().resolve("testdata/world-indicators/data/pages");
        FixtureApiServer api = FixtureApiServer.start(pages, apiPort)
            .serveCatalogue(home().resolve("testdata/dvd-rental/catalogue/products.json"));
        sandbox.services.add(api);
        sandbox.environment.put("DATA360_URL", api.url());
        sandbox.environment.put("WEATHER_URL", api.url());
        sandbox.environment.put("CATALOGUE_URL", api.url());
      }
      if (wanted == null || DATABASE.stream().anyMatch(wanted::contains)) {
        SakilaPostgres db = SakilaPostgres.start(home().resolve("testdata/dvd-rental/sakila"), databasePort);
        sandbox.services.add(db);
        sandbox.environment.put("SAKILA_URL", db.url());
        sandbox.environment.put("SAKILA_USER", db.user());
        sandbox.environment.put("SAKILA_PASSWORD", db.password());
      }
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

  /** The {@code ${env:NAME}} names a project's sources reference. */
  static java.util.Set<String> referenced(org.beamlake.project.Project project) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (org.beamlake.project.SourceConfig source : project.sources().values()) {
      List<String> values = new ArrayList<>();
      if (source.http() != null) {
        values.add(source.http().url());
        values.addAll(source.http().params().values());
        values.addAll(source.http().headers().values());
      }
      if (source.jdbc() != null) {
        values.add(source.jdbc().url());
        values.add(source.jdbc().user());
        values.add(source.jdbc().password());
      }
      values.stream().filter(java.util.Objects::nonNull).forEach(v -> names.addAll(Secrets.names(v)));
    }
    return names;
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
