package org.beamlake.aws.emr;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The EMR side of a project, from its own YAML file ({@code emr.yaml}): the cluster to start (or the
 * id of one to attach to), where the jar, the project and the logs go, and what a failed step does.
 * A mistake is reported with the file, the line and the key, and nothing is started.
 *
 * @param staging an {@code s3://bucket/prefix/} the jar (by content) and each run's project go under
 * @param idleTimeout how long a cluster may sit idle before EMR terminates it (auto-termination);
 *     EMR accepts 1 minute to 7 days
 * @param kmsKey the KMS key of the lake's SSE-KMS encryption, for the IAM policies
 */
public record EmrConfig(
    @Nullable String region,
    String name,
    @Nullable String clusterId,
    String releaseLabel,
    URI staging,
    @Nullable URI logUri,
    String serviceRole,
    String instanceProfile,
    @Nullable String subnet,
    @Nullable String masterSecurityGroup,
    @Nullable String workerSecurityGroup,
    List<InstanceGroup> instanceGroups,
    List<InstanceFleet> instanceFleets,
    List<BootstrapAction> bootstrapActions,
    Map<String, String> sparkConfig,
    Map<String, String> tags,
    Duration idleTimeout,
    ActionOnFailure actionOnFailure,
    @Nullable String kmsKey) {

  /** What EMR does with the rest of a run when a step fails. */
  public enum ActionOnFailure { CONTINUE, CANCEL_AND_WAIT, TERMINATE_CLUSTER }

  /** Whether an instance group runs on on-demand or spot instances. */
  public enum Market { ON_DEMAND, SPOT }

  /** The three roles of EMR instance groups. */
  public enum Role { MASTER, CORE, TASK }

  /**
   * One instance group: its role, instance type and count, on-demand or spot (at most {@code
   * bidPrice} US dollars an hour, else up to the on-demand price), with EBS volumes per instance.
   */
  public record InstanceGroup(Role role, String instanceType, int count, @Nullable Market market,
      @Nullable String bidPrice, @Nullable Ebs ebs) {}

  /**
   * One instance fleet: a role and a target capacity in on-demand and spot units, filled from any of
   * several instance types; spot capacity not found within {@code spotTimeoutMinutes} is taken on
   * demand instead.
   */
  public record InstanceFleet(Role role, @Nullable Integer onDemandCapacity, @Nullable Integer spotCapacity,
      List<FleetInstanceType> instanceTypes, @Nullable Integer spotTimeoutMinutes) {}

  /** An instance type a fleet may use, its capacity units and its spot price cap (% of on-demand). */
  public record FleetInstanceType(String instanceType, @Nullable Integer weight,
      @Nullable Double maxSpotPricePercent, @Nullable Ebs ebs) {}

  /** EBS volumes attached to each instance of a group. */
  public record Ebs(int sizeGb, @Nullable String volumeType, @Nullable Integer volumesPerInstance) {}

  /** A script every node runs before applications start. */
  public record BootstrapAction(String name, String path, @Nullable List<String> args) {}

  /**
   * The fields as they appear in the file, before defaults and checks: a class, not a record, so
   * Jackson reads it as it streams and reports an unknown key at its own line.
   */
  private static final class File {
    public String region;
    public String name;
    public String clusterId;
    public String releaseLabel;
    public URI staging;
    public URI logUri;
    public String serviceRole;
    public String instanceProfile;
    public String subnet;
    public String masterSecurityGroup;
    public String workerSecurityGroup;
    public List<InstanceGroup> instanceGroups;
    public List<InstanceFleet> instanceFleets;
    public List<BootstrapAction> bootstrapActions;
    public Map<String, String> sparkConfig;
    public Map<String, String> tags;
    public Integer idleTimeoutMinutes;
    public ActionOnFailure actionOnFailure;
    public String kmsKey;
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * Reads and checks the cluster's config: a config file of its own ({@code emr.yaml}), or the
   * {@code emr:} section of a project ({@code beamlake.yaml}, or a project directory holding one),
   * whose mistakes are reported with the project file's lines and keys prefixed {@code emr.}.
   * Every mistake found is one line of the exception's message.
   */
  public static EmrConfig load(Path given) throws IOException {
    Path path = Files.isDirectory(given) ? given.resolve("beamlake.yaml") : given;
    if (!Files.isRegularFile(path)) {
      throw new IOException(path + ": no such file; write the cluster's config there, or in the project's emr: "
          + "section (see README, Run on EMR)");
    }
    String kp = "";
    File f;
    try (com.fasterxml.jackson.core.JsonParser parser = YAML.getFactory().createParser(path.toFile())) {
      if (isProject(path)) {
        kp = "emr.";
        if (!toSection(parser, "emr")) {
          throw new IOException(path + ": no emr: section; add one with the cluster's config (see README, Run on "
              + "EMR), or give --config emr.yaml");
        }
      }
      f = parser.currentToken() == null && parser.nextToken() == null ? null : YAML.readValue(parser, File.class);
    } catch (JsonMappingException e) {
      throw new IOException(where(path, e, kp) + ": " + what(e), e);
    }
    if (f == null) {
      throw new IOException(path + ": " + (kp.isEmpty() ? "" : "emr: ") + "empty; expected the cluster's config");
    }
    return check(f, path, kp);
  }

  /** A project file rather than a config of its own: it is named so, or has a name: and sources:. */
  private static boolean isProject(Path path) throws IOException {
    if (path.getFileName().toString().equals("beamlake.yaml")) {
      return true;
    }
    com.fasterxml.jackson.databind.JsonNode root = YAML.readTree(path.toFile());
    return root != null && root.has("emr") && (root.has("sources") || root.has("datasets"));
  }

  /** Moves {@code parser} to the value of the top-level {@code key}; false if there is none. */
  private static boolean toSection(com.fasterxml.jackson.core.JsonParser parser, String key) throws IOException {
    if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
      return false;
    }
    while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      if (name.equals(key)) {
        return true;
      }
      parser.skipChildren();
    }
    return false;
  }

  private static EmrConfig check(File f, Path path, String kp) throws IOException {
    List<String> problems = new ArrayList<>();
    require(problems, path, kp + "name", f.name, "the cluster's name, e.g. beamlake-sales");
    require(problems, path, kp + "releaseLabel", f.releaseLabel, "an EMR release label, e.g. emr-7.12.0");
    require(problems, path, kp + "serviceRole", f.serviceRole, "the EMR service role's name");
    require(problems, path, kp + "instanceProfile", f.instanceProfile, "the EC2 instance profile's name");
    if (f.staging == null || !"s3".equals(f.staging.getScheme()) || f.staging.getHost() == null) {
      problems.add(path + ": " + kp + "staging: expected an s3://bucket/prefix/ for the jar and projects, got "
          + (f.staging == null ? "nothing" : "'" + f.staging + "'"));
    }
    if (f.logUri != null && !"s3".equals(f.logUri.getScheme())) {
      problems.add(path + ": " + kp + "logUri: expected an s3://bucket/prefix/, got '" + f.logUri + "'");
    }
    List<InstanceGroup> groups = f.instanceGroups == null ? List.of() : List.copyOf(f.instanceGroups);
    List<InstanceFleet> fleets = f.instanceFleets == null ? List.of() : List.copyOf(f.instanceFleets);
    if (f.clusterId == null && !groups.isEmpty() && !fleets.isEmpty()) {
      problems.add(path + ": " + kp + "instanceFleets: give instanceGroups or instanceFleets, not both");
    } else if (f.clusterId == null && !fleets.isEmpty()) {
      checkFleets(problems, path, kp, fleets);
    } else if (f.clusterId == null) {
      long masters = groups.stream().filter(g -> g.role() == Role.MASTER).count();
      if (masters != 1) {
        problems.add(path + ": " + kp + "instanceGroups: expected exactly one group with role MASTER, got " + masters);
      }
      for (int i = 0; i < groups.size(); i++) {
        InstanceGroup g = groups.get(i);
        if (g.role() == null || g.instanceType() == null || g.count() < 1) {
          problems.add(path + ": " + kp + "instanceGroups[" + i + "]: expected role, instanceType and count >= 1");
        }
        if (g.bidPrice() != null && g.market() != Market.SPOT) {
          problems.add(path + ": " + kp + "instanceGroups[" + i + "].bidPrice: only with market: SPOT");
        }
      }
    }
    int idle = f.idleTimeoutMinutes == null ? 60 : f.idleTimeoutMinutes;
    if (idle < 1 || idle > 7 * 24 * 60) {
      problems.add(path + ": " + kp + "idleTimeoutMinutes: expected 1 to 10080 (7 days), got " + idle);
    }
    if (!problems.isEmpty()) {
      throw new IOException(String.join("\n", problems));
    }
    return new EmrConfig(f.region, f.name, f.clusterId, f.releaseLabel, withSlash(f.staging),
        f.logUri == null ? null : withSlash(f.logUri), f.serviceRole, f.instanceProfile, f.subnet,
        f.masterSecurityGroup, f.workerSecurityGroup, groups, fleets,
        f.bootstrapActions == null ? List.of() : List.copyOf(f.bootstrapActions),
        f.sparkConfig == null ? Map.of() : new TreeMap<>(f.sparkConfig),
        f.tags == null ? Map.of() : new TreeMap<>(f.tags), Duration.ofMinutes(idle),
        f.actionOnFailure == null ? ActionOnFailure.CANCEL_AND_WAIT : f.actionOnFailure, f.kmsKey);
  }

  private static void checkFleets(List<String> problems, Path path, String kp, List<InstanceFleet> fleets) {
    long masters = fleets.stream().filter(g -> g.role() == Role.MASTER).count();
    if (masters != 1) {
      problems.add(path + ": " + kp + "instanceFleets: expected exactly one fleet with role MASTER, got " + masters);
    }
    for (int i = 0; i < fleets.size(); i++) {
      InstanceFleet fleet = fleets.get(i);
      String at = path + ": " + kp + "instanceFleets[" + i + "]";
      int onDemand = fleet.onDemandCapacity() == null ? 0 : fleet.onDemandCapacity();
      int spot = fleet.spotCapacity() == null ? 0 : fleet.spotCapacity();
      if (fleet.role() == null || fleet.instanceTypes() == null || fleet.instanceTypes().isEmpty()) {
        problems.add(at + ": expected role and at least one of instanceTypes");
      } else if (onDemand < 0 || spot < 0 || onDemand + spot < 1) {
        problems.add(at + ": expected onDemandCapacity and/or spotCapacity, at least 1 in all");
      } else if (fleet.role() == Role.MASTER && onDemand + spot != 1) {
        problems.add(at + ": the MASTER fleet has a capacity of 1 (on demand or spot), got " + (onDemand + spot));
      }
      if (fleet.instanceTypes() != null && fleet.instanceTypes().size() > 30) {
        problems.add(at + ".instanceTypes: EMR takes at most 30, got " + fleet.instanceTypes().size());
      }
    }
  }

  /** The staging bucket. */
  public String stagingBucket() {
    return staging.getHost();
  }

  /** The staging prefix, without a leading slash, with a trailing one (or empty). */
  public String stagingPrefix() {
    return staging.getPath().replaceFirst("^/", "");
  }

  private static URI withSlash(URI uri) {
    return uri.toString().endsWith("/") ? uri : URI.create(uri + "/");
  }

  private static void require(List<String> problems, Path path, String key, @Nullable String value, String what) {
    if (value == null || value.isBlank()) {
      problems.add(path + ": " + key + ": missing; expected " + what);
    }
  }

  private static String where(Path path, JsonMappingException e, String kp) {
    JsonLocation at = e.getLocation();
    String key = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining()).replaceFirst("^\\.", "");
    return path + (at != null && at.getLineNr() > 0 ? ":" + at.getLineNr() : "")
        + (key.isEmpty() ? (kp.isEmpty() ? "" : ": emr") : ": " + kp + key);
  }

  private static String what(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key; expected one of " + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
          .collect(Collectors.joining(", "));
    }
    String message = e.getOriginalMessage();
    int cut = message.indexOf(" (");
    return cut > 0 ? message.substring(0, cut) : message;
  }
}
