package org.beamlake.aws.emr;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.ClusterSummary;

/**
 * Finds the cluster a run already started. {@code RunJobFlow} has no client token, so a re-run after
 * a crash looks first: clusters of the run's name ({@code ListClusters}), confirmed by the run-id tag
 * ({@code DescribeCluster}), as names are not unique.
 */
final class Clusters {
  static final List<ClusterState> ACTIVE = List.of(ClusterState.STARTING, ClusterState.BOOTSTRAPPING,
      ClusterState.RUNNING, ClusterState.WAITING);
  static final List<ClusterState> ANY = List.of(ClusterState.STARTING, ClusterState.BOOTSTRAPPING,
      ClusterState.RUNNING, ClusterState.WAITING, ClusterState.TERMINATING, ClusterState.TERMINATED,
      ClusterState.TERMINATED_WITH_ERRORS);

  private Clusters() {}

  /** The cluster of this run, among clusters in {@code states}. */
  static Optional<Cluster> ofRun(EmrClient emr, EmrConfig config, String runId, List<ClusterState> states) {
    String name = ClusterRequest.clusterName(config, runId);
    for (ClusterSummary summary : emr.listClustersPaginator(l -> l.clusterStates(states)).clusters()) {
      if (!name.equals(summary.name())) {
        continue;
      }
      Cluster cluster = emr.describeCluster(d -> d.clusterId(summary.id())).cluster();
      if (cluster.tags().stream().anyMatch(t -> t.key().equals(ClusterRequest.RUN_TAG) && t.value().equals(runId))) {
        return Optional.of(cluster);
      }
    }
    return Optional.empty();
  }
}
