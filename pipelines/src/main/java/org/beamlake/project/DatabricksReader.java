package org.beamlake.project;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.beamlake.capture.Secrets;

/** Reads and checks a project's {@code databricks:} section (see {@link DatabricksConfig}). */
final class DatabricksReader {
  static final List<String> KEYS = List.of("host", "profile", "volume", "spark_version", "node_type", "workers",
      "autoscale", "existing_cluster", "cluster_env", "job_name", "schedule", "timezone");
  private static final Pattern CREDENTIAL = Pattern.compile(".*(KEY|TOKEN|SECRET|PASSWORD|CONNECTION_STRING)");

  private DatabricksReader() {}

  static DatabricksConfig read(YamlNode node) {
    node.allowOnly(KEYS);
    String host = text(node, "host").orElse(null);
    if (host != null && !Secrets.hasReference(host) && !host.startsWith("https://")) {
      node.get("host").error("expected the workspace URL (https://adb-….azuredatabricks.net) or a reference such "
          + "as ${env:DATABRICKS_HOST}, got '" + host + "'");
    }
    String volume = text(node, "volume").orElse(null);
    if (volume != null && !volume.matches("/Volumes/[^/]+/[^/]+/[^/]+(/.*)?")) {
      node.get("volume").error("expected /Volumes/CATALOG/SCHEMA/VOLUME[/DIR], got '" + volume + "'");
    }
    Integer workers = Optional.ofNullable(node.get("workers")).flatMap(n -> n.integer(0)).orElse(null);
    Integer min = null;
    Integer max = null;
    YamlNode autoscale = node.get("autoscale");
    if (autoscale != null) {
      if (!autoscale.isMap()) {
        autoscale.error("expected {min: N, max: M}");
      } else {
        autoscale.allowOnly(List.of("min", "max"));
        min = Optional.ofNullable(autoscale.require("min", "the fewest workers")).flatMap(n -> n.integer(1)).orElse(null);
        max = Optional.ofNullable(autoscale.require("max", "the most workers")).flatMap(n -> n.integer(1)).orElse(null);
        if (min != null && max != null && max < min) {
          autoscale.error("max (" + max + ") is below min (" + min + ")");
        }
        if (workers != null) {
          autoscale.error("give workers or autoscale, not both");
        }
      }
    }
    String existing = text(node, "existing_cluster").orElse(null);
    if (existing != null) {
      for (String key : List.of("node_type", "workers", "autoscale", "spark_version", "cluster_env")) {
        if (node.get(key) != null) {
          node.get(key).error("an existing cluster has its own " + key + "; drop it or drop existing_cluster");
        }
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    YamlNode envNode = node.get("cluster_env");
    if (envNode != null) {
      envNode.entries().forEach((name, value) -> value.text().ifPresent(v -> {
        if (CREDENTIAL.matcher(name.toUpperCase(java.util.Locale.ROOT)).matches() && !v.matches("\\{\\{secrets/[^}]+}}")) {
          value.error("holds a credential: give it as a secret reference, e.g. {{secrets/SCOPE/KEY}}, never the "
              + "value");
        } else {
          env.put(name, v);
        }
      }));
    }
    String schedule = text(node, "schedule").orElse(null);
    if (schedule != null && schedule.trim().split("\\s+").length < 6) {
      node.get("schedule").error("expected a Quartz cron expression with seconds first, e.g. '0 0 3 * * ?', got '"
          + schedule + "'");
    }
    String timezone = text(node, "timezone").orElse(null);
    if (timezone != null) {
      try {
        ZoneId.of(timezone);
      } catch (DateTimeException e) {
        node.get("timezone").error("unknown time zone '" + timezone + "'; e.g. UTC, Europe/Paris");
      }
    }
    return new DatabricksConfig(host, text(node, "profile").orElse(null), volume,
        text(node, "spark_version").orElse(null), text(node, "node_type").orElse(null), workers, min, max, existing,
        env, text(node, "job_name").orElse(null), schedule, timezone);
  }

  private static Optional<String> text(YamlNode node, String key) {
    return Optional.ofNullable(node.get(key)).flatMap(YamlNode::text);
  }
}
