package org.beamlake.capture;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}} references in configuration values (headers, query parameters, JDBC
 * passwords), resolved where they are used, on the worker, so the secret is never part of the
 * project, the pipeline graph or its display data. Anything shown to people (logs, exceptions,
 * manifests) goes through {@link #redact}.
 *
 * <pre>{@code
 * Secrets secrets = Secrets.fromEnvironment();
 * String header = secrets.resolve("Bearer ${env:API_TOKEN}");   // "Bearer s3cr3t"
 * secrets.redact("GET https://api/x?key=s3cr3t", "${env:API_TOKEN}")  // "GET https://api/x?key=***"
 * }</pre>
 */
public final class Secrets implements Serializable {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
  /** What a secret is replaced by wherever text is shown. */
  public static final String MASK = "***";

  /** Where names are looked up; serializable so a DoFn can carry it to the workers. */
  public interface Lookup extends Serializable {
    String get(String name);
  }

  private final Lookup lookup;

  private Secrets(Lookup lookup) {
    this.lookup = lookup;
  }

  /** The JVM system property that stands in for an environment variable in-process. */
  public static final String PROPERTY_PREFIX = "beamlake.env.";

  /**
   * References resolved from the process environment (on each worker), or for a name not set
   * there, from the system property {@code beamlake.env.NAME}: how an in-process run (the sandbox,
   * tests) hands values to its workers, since a JVM cannot change its own environment.
   */
  public static Secrets fromEnvironment() {
    return new Secrets(Secrets::environment);
  }

  private static String environment(String name) {
    String value = System.getenv(name);
    return value != null ? value : System.getProperty(PROPERTY_PREFIX + name);
  }

  /** References resolved from a fixed map: for tests and embedding. */
  public static Secrets of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return new Secrets(copy::get);
  }

  /** Whether {@code value} holds a reference. */
  public static boolean hasReference(String value) {
    return value != null && REFERENCE.matcher(value).find();
  }

  /** The names referenced in {@code value}, in order. */
  public static List<String> names(String value) {
    List<String> names = new ArrayList<>();
    Matcher m = REFERENCE.matcher(value);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** {@code value} with every reference replaced by its value; an unset name is an error naming it. */
  public String resolve(String value) {
    if (value == null) {
      return null;
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String resolved = lookup.get(m.group(1));
      if (resolved == null) {
        throw new IllegalStateException("environment variable " + m.group(1) + " is not set (referenced as ${env:"
            + m.group(1) + "})");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(resolved));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * {@code text} with the value of every reference found in {@code configured} (the configuration
   * strings as written, references unresolved) replaced by {@link #MASK}, also in URL-encoded form.
   */
  public String redact(String text, Collection<String> configured) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String value : configured) {
      if (value == null) {
        continue;
      }
      for (String name : names(value)) {
        String secret = lookup.get(name);
        if (secret != null && !secret.isEmpty()) {
          out = out.replace(secret, MASK)
              .replace(java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8), MASK);
        }
      }
    }
    return out;
  }

  /** As {@link #redact(String, Collection)} for a few configured strings. */
  public String redact(String text, String... configured) {
    return redact(text, List.of(configured));
  }
}
