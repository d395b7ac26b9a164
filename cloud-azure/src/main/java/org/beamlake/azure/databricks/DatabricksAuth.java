package org.beamlake.azure.databricks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.beamlake.capture.Secrets;
import org.beamlake.project.DatabricksConfig;

/**
 * The workspace and token a command uses, from the sources Databricks' own tools read, in their
 * order: what the command line names ({@code --host}, {@code --token '${env:NAME}'}, {@code
 * --profile}), the project's {@code databricks:} section, the {@code DATABRICKS_HOST} and {@code
 * DATABRICKS_TOKEN} environment variables, then the {@code DEFAULT} profile of {@code
 * ~/.databrickscfg} ({@code DATABRICKS_CONFIG_FILE} elsewhere). Only personal access token
 * profiles are read. The token is never printed: a failure names the sources tried, not values.
 */
final class DatabricksAuth {
  /** A workspace and its token; {@code toString} leaves the token out. */
  record Credentials(URI host, String token) {
    @Override
    public String toString() {
      return "Credentials[host=" + host + "]";
    }
  }

  private final Function<String, String> env;
  private final Path home;

  DatabricksAuth(Function<String, String> env, Path home) {
    this.env = env;
    this.home = home;
  }

  /** The process environment (or the {@code beamlake.env.} stand-ins of a test) and the user's home. */
  static DatabricksAuth fromEnvironment() {
    return new DatabricksAuth(name -> {
      String value = System.getenv(name);
      return value != null ? value : System.getProperty(Secrets.PROPERTY_PREFIX + name);
    }, Path.of(System.getProperty("user.home")));
  }

  Credentials resolve(String hostOption, String tokenOption, String profileOption, DatabricksConfig project) {
    Path file = env.apply("DATABRICKS_CONFIG_FILE") != null ? Path.of(env.apply("DATABRICKS_CONFIG_FILE"))
        : home.resolve(".databrickscfg");
    String profileName = profileOption != null ? profileOption
        : project != null && project.profile() != null ? project.profile() : env.apply("DATABRICKS_CONFIG_PROFILE");
    Map<String, Map<String, String>> profiles = Files.isRegularFile(file) ? read(file) : Map.of();
    Map<String, String> chosen = Map.of();
    if (profileName != null) {
      chosen = profiles.get(profileName);
      if (chosen == null) {
        throw new IllegalArgumentException("no profile '" + profileName + "' in " + file + (profiles.isEmpty()
            ? " (no such file, or no profile in it)" : " (profiles there: " + String.join(", ", profiles.keySet()) + ")"));
      }
    }
    Map<String, String> fallback = profiles.getOrDefault("DEFAULT", Map.of());
    String chosenLabel = profileName != null ? "the profile '" + profileName + "' of " + file + ", " : "";

    String host = hostOption;
    if (host == null && project != null && project.host() != null) {
      host = resolve(project.host());
    }
    host = first(host, chosen.get("host"), env.apply("DATABRICKS_HOST"), fallback.get("host"));
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("no Databricks workspace: tried --host, databricks.host in the project, "
          + chosenLabel + "$DATABRICKS_HOST, the DEFAULT profile of " + file + "; pass --host "
          + "https://adb-….azuredatabricks.net or set DATABRICKS_HOST");
    }
    String token;
    if (tokenOption != null) {
      if (!Secrets.hasReference(tokenOption)) {
        throw new IllegalArgumentException("--token must be a reference such as '${env:DATABRICKS_TOKEN}', never the "
            + "token itself");
      }
      token = resolve(tokenOption);
    } else {
      token = first(chosen.get("token"), env.apply("DATABRICKS_TOKEN"), fallback.get("token"));
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("no Databricks token: tried --token, " + chosenLabel + "$DATABRICKS_TOKEN, "
          + "the DEFAULT profile of " + file + " (personal access token profiles only); export DATABRICKS_TOKEN or "
          + "give --token '${env:NAME}'");
    }
    return new Credentials(URI.create(host.endsWith("/") ? host.substring(0, host.length() - 1) : host), token);
  }

  /** {@code ${env:NAME}} references resolved through this chain's environment. */
  private String resolve(String value) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : Secrets.names(value)) {
      String found = env.apply(name);
      if (found == null) {
        throw new IllegalArgumentException("environment variable " + name + " is not set (referenced as ${env:" + name
            + "})");
      }
      values.put(name, found);
    }
    return Secrets.of(values).resolve(value);
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  /** The profiles of a {@code .databrickscfg} (INI: {@code [NAME]} then {@code key = value} lines). */
  static Map<String, Map<String, String>> read(Path file) {
    Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
    Map<String, String> current = null;
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = profiles.computeIfAbsent(line.substring(1, line.length() - 1).trim(), k -> new LinkedHashMap<>());
      } else if (line.contains("=") && current != null) {
        current.put(line.substring(0, line.indexOf('=')).trim(), line.substring(line.indexOf('=') + 1).trim());
      } else {
        problems.add(file + ":" + (i + 1) + ": expected [PROFILE] or key = value"); // the line itself may hold a token
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return profiles;
  }
}
