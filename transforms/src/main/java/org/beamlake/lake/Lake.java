package org.beamlake.lake;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A lake: one base location (a local path, {@code s3://bucket/prefix}, {@code azfs://account/container/prefix})
 * and the layout of its zones under it.
 *
 * <pre>
 * raw/&lt;source&gt;/ingest_date=YYYY-MM-DD/run_id=&lt;id&gt;/   as received, plus _manifest.json
 * trusted/&lt;dataset&gt;/                                  Parquet, typed schema, _SUCCESS
 * refined/&lt;table&gt;/[&lt;COL&gt;=&lt;value&gt;/]                      Parquet (+ _csv/ when asked), _SUCCESS
 * quarantine/&lt;dataset&gt;/run_id=&lt;id&gt;/                   rejected records with reasons (JSON lines)
 * _runs/&lt;run_id&gt;.json                                 what ran
 * _state/&lt;source&gt;.json                                capture state (watermarks), updated after raw commits
 * _staging/&lt;run_id&gt;/…                                 work in progress, never read
 * </pre>
 *
 * <pre>{@code
 * Lake lake = Lake.at("s3://my-bucket/lakes/sales");
 * String dir = lake.trusted("orders");   // "s3://my-bucket/lakes/sales/trusted/orders/"
 * }</pre>
 *
 * <p>All paths are directories and end with {@code /}. Names of sources, datasets and tables are
 * checked, so a name can never climb out of its zone.
 */
public final class Lake {
  /** The folders {@code beamlake lake init} creates under the base: the zones and the lake's own records. */
  public static final List<String> ZONES = List.of("raw", "trusted", "quarantine", "refined", "_runs", "_state");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private final String base;

  private Lake(String base) {
    this.base = base.endsWith("/") ? base : base + "/";
  }

  /**
   * A lake at a URI, or at a local path (relative paths are made absolute). Local lakes are kept as
   * plain absolute paths, which is how Beam's local filesystem names files; {@code file://} URIs
   * are accepted and turned into paths.
   */
  public static Lake at(String uriOrPath) {
    checkArgument(uriOrPath != null && !uriOrPath.isBlank(), "lake location must not be empty");
    if (uriOrPath.startsWith("file:")) {
      return new Lake(Path.of(java.net.URI.create(uriOrPath)).toString());
    }
    if (uriOrPath.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return new Lake(uriOrPath);
    }
    return new Lake(Path.of(uriOrPath).toAbsolutePath().normalize().toString());
  }

  /** The base URI, ending with {@code /}. */
  public String base() {
    return base;
  }

  /** Whether the lake is on the local filesystem. */
  public boolean isLocal() {
    return !base.contains("://");
  }

  /** A location for people to read (today the location itself; kept as one place to change). */
  public static String display(String location) {
    return location;
  }

  public String raw(String source) {
    return base + "raw/" + name(source) + "/";
  }

  public String rawRun(String source, String ingestDate, String runId) {
    return raw(source) + "ingest_date=" + ingestDate + "/run_id=" + name(runId) + "/";
  }

  public String trusted(String dataset) {
    return base + "trusted/" + name(dataset) + "/";
  }

  public String refined(String table) {
    return base + "refined/" + name(table) + "/";
  }

  public String quarantine(String dataset, String runId) {
    return base + "quarantine/" + name(dataset) + "/run_id=" + name(runId) + "/";
  }

  /** Capture state of a source (watermarks, cursors), kept in the lake so every machine agrees. */
  public String state(String source) {
    return base + "_state/" + name(source) + ".json";
  }

  public String runs() {
    return base + "_runs/";
  }

  public String runManifest(String runId) {
    return runs() + name(runId) + ".json";
  }

  /** A private staging directory for one output of one run; committed outputs are moved out of it. */
  public String staging(String runId, String zone, String name) {
    return base + "_staging/" + name(runId) + "/" + name(zone) + "/" + name(name) + "/";
  }

  public String stagingRoot(String runId) {
    return base + "_staging/" + name(runId) + "/";
  }

  /** Checks a source, dataset, table or run name: letters, digits, {@code _ . -}, not starting with a dot. */
  public static String name(String name) {
    checkArgument(name != null && NAME.matcher(name).matches() && !name.contains(".."),
        "invalid name '%s': use letters, digits, '_', '-' and '.', starting with a letter or digit", name);
    return name;
  }

  @Override
  public String toString() {
    return base;
  }
}
