package org.beamlake.aws.emr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.BootstrapActionConfig;
import software.amazon.awssdk.services.emr.model.Configuration;
import software.amazon.awssdk.services.emr.model.EbsBlockDeviceConfig;
import software.amazon.awssdk.services.emr.model.EbsConfiguration;
import software.amazon.awssdk.services.emr.model.InstanceFleetConfig;
import software.amazon.awssdk.services.emr.model.InstanceFleetType;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.InstanceTypeConfig;
import software.amazon.awssdk.services.emr.model.JobFlowInstancesConfig;
import software.amazon.awssdk.services.emr.model.MarketType;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.SpotProvisioningAllocationStrategy;
import software.amazon.awssdk.services.emr.model.SpotProvisioningTimeoutAction;
import software.amazon.awssdk.services.emr.model.StepConfig;
import software.amazon.awssdk.services.emr.model.Tag;

/**
 * An {@link EmrConfig} and a run as EMR API requests: the cluster ({@code RunJobFlow}) and one
 * {@code spark-submit} step per stage through {@code command-runner.jar}. The cluster carries the
 * Java 17 flags Spark's launcher passes in {@code spark-defaults}, and every step passes them again, so
 * the jar also runs on a cluster beamlake did not start. Clusters are tagged with the run id ({@link
 * #RUN_TAG}), which is how a second {@code up} or {@code submit --transient} finds the cluster of the
 * first: {@code RunJobFlow} takes no client token.
 */
final class ClusterRequest {
  static final String RUN_TAG = "beamlake:run-id";
  /** AmazonEMRServicePolicy_v2 acts only on resources with this tag. */
  static final String MANAGED_POLICY_TAG = "for-use-with-amazon-emr-managed-policies";
  static final String MAIN_CLASS = "org.beamlake.cli.Main";

  /** The Java 17 options Spark's own launcher passes. */
  static final String JAVA17_FLAGS = org.beamlake.spi.SparkJava17.FLAGS;

  private ClusterRequest() {}

  /** The cluster's name: the config's, with the run id so the console shows which run it serves. */
  static String clusterName(EmrConfig config, String runId) {
    return config.name() + " " + runId;
  }

  /**
   * A cluster for this run; {@code steps} empty and {@code keepAlive} true for {@code up}, the run's
   * steps and false for a transient cluster that terminates itself after the last one.
   */
  static RunJobFlowRequest runJobFlow(EmrConfig config, String runId, List<StepConfig> steps, boolean keepAlive) {
    Map<String, String> tags = new LinkedHashMap<>(config.tags());
    tags.put(RUN_TAG, runId);
    tags.put(MANAGED_POLICY_TAG, "true");
    Map<String, String> sparkDefaults = new LinkedHashMap<>(config.sparkConfig());
    sparkDefaults.merge("spark.driver.extraJavaOptions", JAVA17_FLAGS, (own, flags) -> flags + " " + own);
    sparkDefaults.merge("spark.executor.extraJavaOptions", JAVA17_FLAGS, (own, flags) -> flags + " " + own);
    return RunJobFlowRequest.builder()
        .name(clusterName(config, runId))
        .releaseLabel(config.releaseLabel())
        .logUri(config.logUri() == null ? null : config.logUri().toString())
        .serviceRole(config.serviceRole())
        .jobFlowRole(config.instanceProfile())
        .applications(a -> a.name("Spark"))
        .instances(instances(config, keepAlive))
        .bootstrapActions(config.bootstrapActions().stream().map(b -> BootstrapActionConfig.builder().name(b.name())
            .scriptBootstrapAction(s -> s.path(b.path()).args(b.args() == null ? List.of() : b.args())).build())
            .toList())
        .configurations(Configuration.builder().classification("spark-defaults").properties(sparkDefaults).build())
        .steps(steps)
        .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
        .autoTerminationPolicy(p -> p.idleTimeout(config.idleTimeout().toSeconds()))
        .visibleToAllUsers(true)
        .build();
  }

  private static JobFlowInstancesConfig instances(EmrConfig config, boolean keepAlive) {
    List<InstanceGroupConfig> groups = new ArrayList<>();
    for (EmrConfig.InstanceGroup g : config.instanceGroups()) {
      InstanceGroupConfig.Builder group = InstanceGroupConfig.builder()
          .name(g.role().name().toLowerCase(java.util.Locale.ROOT))
          .instanceRole(InstanceRoleType.fromValue(g.role().name()))
          .instanceType(g.instanceType())
          .instanceCount(g.count())
          .market(g.market() == EmrConfig.Market.SPOT ? MarketType.SPOT : MarketType.ON_DEMAND)
          .bidPrice(g.bidPrice());
      groups.add(group.ebsConfiguration(ebs(g.ebs())).build());
    }
    return JobFlowInstancesConfig.builder()
        .instanceGroups(groups.isEmpty() ? null : groups)
        .instanceFleets(config.instanceFleets().isEmpty() ? null
            : config.instanceFleets().stream().map(ClusterRequest::fleet).toList())
        .ec2SubnetId(config.subnet())
        .emrManagedMasterSecurityGroup(config.masterSecurityGroup())
        .emrManagedSlaveSecurityGroup(config.workerSecurityGroup())
        .keepJobFlowAliveWhenNoSteps(keepAlive)
        .terminationProtected(false)
        .build();
  }

  private static InstanceFleetConfig fleet(EmrConfig.InstanceFleet fleet) {
    InstanceFleetConfig.Builder config = InstanceFleetConfig.builder()
        .name(fleet.role().name().toLowerCase(java.util.Locale.ROOT))
        .instanceFleetType(InstanceFleetType.fromValue(fleet.role().name()))
        .targetOnDemandCapacity(fleet.onDemandCapacity() == null ? 0 : fleet.onDemandCapacity())
        .targetSpotCapacity(fleet.spotCapacity() == null ? 0 : fleet.spotCapacity())
        .instanceTypeConfigs(fleet.instanceTypes().stream().map(t -> InstanceTypeConfig.builder()
            .instanceType(t.instanceType())
            .weightedCapacity(t.weight() == null ? 1 : t.weight())
            .bidPriceAsPercentageOfOnDemandPrice(t.maxSpotPricePercent())
            .ebsConfiguration(ebs(t.ebs()))
            .build()).toList());
    if (fleet.spotCapacity() != null && fleet.spotCapacity() > 0) {
      // Spot capacity EMR cannot find in time is taken on demand: a run starts late rather than never.
      config.launchSpecifications(l -> l.spotSpecification(s -> s
          .timeoutDurationMinutes(fleet.spotTimeoutMinutes() == null ? 20 : fleet.spotTimeoutMinutes())
          .timeoutAction(SpotProvisioningTimeoutAction.SWITCH_TO_ON_DEMAND)
          .allocationStrategy(SpotProvisioningAllocationStrategy.PRICE_CAPACITY_OPTIMIZED)));
    }
    return config.build();
  }

  private static @Nullable EbsConfiguration ebs(EmrConfig.@Nullable Ebs ebs) {
    if (ebs == null) {
      return null;
    }
    return EbsConfiguration.builder().ebsBlockDeviceConfigs(EbsBlockDeviceConfig.builder()
        .volumeSpecification(v -> v.sizeInGB(ebs.sizeGb()).volumeType(ebs.volumeType() == null ? "gp3" : ebs.volumeType()))
        .volumesPerInstance(ebs.volumesPerInstance() == null ? 1 : ebs.volumesPerInstance()).build())
        .ebsOptimized(true).build();
  }

  /** The step name of a stage in a run: how a re-run finds the steps it already added. */
  static String stepName(String runId, String stage) {
    return "beamlake " + runId + " " + stage;
  }

  /** {@code spark-submit --deploy-mode cluster … JAR run PROJECT --stage STAGE …} as one step. */
  static StepConfig step(String runId, String stage, String jar, String project, String lake, List<String> beamArgs,
      EmrConfig.ActionOnFailure onFailure) {
    List<String> args = new ArrayList<>(List.of("spark-submit", "--deploy-mode", "cluster",
        "--conf", "spark.driver.extraJavaOptions=" + JAVA17_FLAGS,
        "--conf", "spark.executor.extraJavaOptions=" + JAVA17_FLAGS,
        "--class", MAIN_CLASS, jar, "run", project, "--stage", stage, "--lake", lake, "--run-id", runId));
    if (!beamArgs.isEmpty()) {
      args.add("--");
      args.addAll(beamArgs);
    }
    return StepConfig.builder()
        .name(stepName(runId, stage))
        .actionOnFailure(ActionOnFailure.fromValue(onFailure.name()))
        .hadoopJarStep(j -> j.jar("command-runner.jar").args(args))
        .build();
  }
}
