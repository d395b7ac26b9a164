package org.beamlake.aws.emr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.checkerframework.checker.nullness.qual.Nullable;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.StepState;
import software.amazon.awssdk.services.emr.model.StepSummary;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Follows a cluster and its steps: {@code DescribeCluster} and {@code ListSteps} polled with a pause
 * that doubles while nothing changes (up to {@link #MAX_POLL}) and starts again after a change; a line
 * per change of the cluster's or a step's state, with the time since the watch began. A failed step
 * is reported with EMR's failure reason and the tail of its stderr, read from the cluster's log URI.
 */
final class ClusterWatch {
  static final Duration MAX_POLL = Duration.ofMinutes(2);
  static final int STDERR_TAIL = 20;
  private static final Set<StepState> STEP_DONE =
      Set.of(StepState.COMPLETED, StepState.FAILED, StepState.CANCELLED, StepState.INTERRUPTED);
  private static final Set<ClusterState> CLUSTER_GONE =
      Set.of(ClusterState.TERMINATED, ClusterState.TERMINATED_WITH_ERRORS);

  private final EmrClient emr;
  private final S3Client s3;
  private final String clusterId;
  private final Ticker ticker;
  private final PrintStream out;
  private final Instant start;
  private final Map<String, String> seen = new HashMap<>();

  ClusterWatch(EmrClient emr, S3Client s3, String clusterId, Ticker ticker, PrintStream out) {
    this.emr = emr;
    this.s3 = s3;
    this.clusterId = clusterId;
    this.ticker = ticker;
    this.out = out;
    this.start = ticker.now();
  }

  /** Waits until the cluster is ready for steps (RUNNING or WAITING); false if it terminated instead. */
  boolean untilReady(Duration firstPoll) throws InterruptedException {
    Duration pause = firstPoll;
    while (true) {
      Cluster cluster = cluster();
      boolean changed = changed(cluster, List.of());
      ClusterState state = cluster.status().state();
      if (state == ClusterState.RUNNING || state == ClusterState.WAITING) {
        return true;
      }
      if (CLUSTER_GONE.contains(state)) {
        return false;
      }
      pause = pause(pause, changed, firstPoll);
    }
  }

  /**
   * Waits until every one of {@code stepIds} (all the cluster's steps if empty) has ended, or the
   * cluster has (a cluster that terminates after its steps: until it has); then reports failures.
   * True if every step completed.
   */
  boolean untilStepsEnd(List<String> stepIds, Duration firstPoll) throws InterruptedException {
    Duration pause = firstPoll;
    while (true) {
      Cluster cluster = cluster();
      List<StepSummary> steps = steps(stepIds);
      boolean allDone = !steps.isEmpty() && steps.stream().allMatch(s -> STEP_DONE.contains(s.status().state()));
      boolean changed = changed(cluster, steps);
      // A cluster that terminates after its steps is followed until it has: the bill has stopped.
      boolean selfTerminating = Boolean.TRUE.equals(cluster.autoTerminate());
      if ((allDone && !selfTerminating) || CLUSTER_GONE.contains(cluster.status().state())) {
        return report(cluster, steps);
      }
      pause = pause(pause, changed, firstPoll);
    }
  }

  /** The cluster and its steps now, one line each; true unless a step failed or the cluster did. */
  boolean once() {
    Cluster cluster = cluster();
    List<StepSummary> steps = steps(List.of());
    out.printf("cluster %s (%s): %s%s%n", clusterId, cluster.name(), cluster.status().stateAsString(),
        reason(cluster));
    for (StepSummary step : steps) {
      out.printf("  %-10s %-10s %s%n", stage(step), step.status().stateAsString(), step.id());
    }
    return steps.stream().noneMatch(s -> s.status().state() == StepState.FAILED)
        && cluster.status().state() != ClusterState.TERMINATED_WITH_ERRORS;
  }

  /** Each failed step's reason and stderr tail (or only {@code stepId}'s, whatever its state). */
  void logs(@Nullable String stepId) {
    Cluster cluster = cluster();
    List<StepSummary> steps = steps(stepId == null ? List.of() : List.of(stepId));
    boolean any = false;
    for (StepSummary step : steps) {
      if (stepId != null || step.status().state() == StepState.FAILED) {
        failure(cluster, step);
        any = true;
      }
    }
    if (!any) {
      out.println("no failed steps on cluster " + clusterId);
    }
  }

  private Cluster cluster() {
    return emr.describeCluster(d -> d.clusterId(clusterId)).cluster();
  }

  /**
   * The steps in the order they were added: {@code ListSteps} lists the newest first, unless asked
   * for given step ids (at most 10 in one call; more are filtered here), in no promised order.
   */
  private List<StepSummary> steps(List<String> stepIds) {
    boolean byApi = !stepIds.isEmpty() && stepIds.size() <= 10;
    Deque<StepSummary> oldestFirst = new ArrayDeque<>();
    for (StepSummary step : emr.listStepsPaginator(l -> l.clusterId(clusterId).stepIds(byApi ? stepIds : null))
        .steps()) {
      if (stepIds.isEmpty() || stepIds.contains(step.id())) {
        oldestFirst.addFirst(step);
      }
    }
    if (stepIds.isEmpty()) {
      return List.copyOf(oldestFirst);
    }
    return oldestFirst.stream().sorted(Comparator.comparingInt(s -> stepIds.indexOf(s.id()))).toList();
  }

  private boolean changed(Cluster cluster, List<StepSummary> steps) {
    boolean changed = false;
    String state = cluster.status().stateAsString();
    if (!state.equals(seen.put(clusterId, state))) {
      line("cluster " + clusterId, state + reason(cluster));
      changed = true;
    }
    for (StepSummary step : steps) {
      String stepState = step.status().stateAsString();
      if (!stepState.equals(seen.put(step.id(), stepState))) {
        line(stage(step), stepState);
        changed = true;
      }
    }
    return changed;
  }

  private Duration pause(Duration pause, boolean changed, Duration firstPoll) throws InterruptedException {
    Duration next = changed ? firstPoll : pause;
    ticker.sleep(next);
    Duration doubled = next.multipliedBy(2);
    return doubled.compareTo(MAX_POLL) > 0 ? MAX_POLL : doubled;
  }

  private void line(String what, String state) {
    out.printf("  %6s  %-18s %s%n", elapsed(Duration.between(start, ticker.now())), what, state);
  }

  private boolean report(Cluster cluster, List<StepSummary> steps) {
    boolean ok = !steps.isEmpty() && steps.stream().allMatch(s -> s.status().state() == StepState.COMPLETED);
    for (StepSummary step : steps) {
      if (step.status().state() == StepState.FAILED) {
        failure(cluster, step);
      }
    }
    long completed = steps.stream().filter(s -> s.status().state() == StepState.COMPLETED).count();
    out.println((ok ? "completed: " : "failed: ") + completed + " of " + steps.size() + " steps completed on cluster "
        + clusterId + " (" + cluster.status().stateAsString() + ")");
    return ok;
  }

  private void failure(Cluster cluster, StepSummary step) {
    var details = step.status().failureDetails();
    out.println("step " + stage(step) + " (" + step.id() + ") " + step.status().stateAsString()
        + (details == null || details.reason() == null ? "" : ": " + details.reason())
        + (details == null || details.message() == null ? "" : " (" + details.message() + ")"));
    if (cluster.logUri() == null) {
      out.println("  no log URI on this cluster: its step logs were not kept");
      return;
    }
    String uri = cluster.logUri().replaceFirst("^s3n://", "s3://").replaceFirst("/*$", "/") + clusterId + "/steps/"
        + step.id() + "/stderr.gz";
    List<String> tail = tail(uri);
    if (tail == null) {
      out.println("  no " + uri + " yet (EMR copies step logs to S3 every few minutes: try 'beamlake emr logs "
          + clusterId + " --step " + step.id() + "' later)");
      return;
    }
    out.println("  last " + tail.size() + " lines of " + uri + ":");
    tail.forEach(l -> out.println("  | " + l));
  }

  private @Nullable List<String> tail(String uri) {
    String path = uri.substring("s3://".length());
    String bucket = path.substring(0, path.indexOf('/'));
    String key = path.substring(bucket.length() + 1);
    Deque<String> last = new ArrayDeque<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        s3.getObject(g -> g.bucket(bucket).key(key))), StandardCharsets.UTF_8))) {
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        last.addLast(l);
        if (last.size() > STDERR_TAIL) {
          last.removeFirst();
        }
      }
      return List.copyOf(last);
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading " + uri, e);
    }
  }

  private static String reason(Cluster cluster) {
    var change = cluster.status().stateChangeReason();
    return change == null || change.message() == null || change.message().isBlank() ? ""
        : " (" + change.message() + ")";
  }

  /** A step's stage when beamlake added it ({@code beamlake RUN STAGE}), else its name. */
  private static String stage(StepSummary step) {
    String name = step.name() == null ? step.id() : step.name();
    return name.startsWith("beamlake ") && name.split(" ").length == 3 ? name.split(" ")[2] : name;
  }

  static String elapsed(Duration d) {
    long s = d.toSeconds();
    return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" + String.format("%02ds", s % 60)
        : s / 3600 + "h" + String.format("%02dm", s % 3600 / 60);
  }
}
