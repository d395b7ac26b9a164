package org.beamlake.project;

import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A project's {@code databricks:} section: where and on what the {@code beamlake databricks}
 * commands run it, so that a scheduled job is described next to the pipeline it runs. Every field is
 * optional; a command option given on the command line wins over it.
 *
 * <pre>{@code
 * databricks:
 *   host: ${env:DATABRICKS_HOST}
 *   volume: /Volumes/main/beamlake/jars
 *   node_type: Standard_D4ds_v5
 *   autoscale: {min: 2, max: 4}
 *   cluster_env: {AZURE_STORAGE_KEY: "{{secrets/lake/storage-key}}"}
 *   job_name: world-lake
 *   schedule: 0 0 3 * * ?
 *   timezone: Europe/Paris
 * }</pre>
 *
 * @param host the workspace URL, or an {@code ${env:NAME}} reference to it
 * @param profile a profile of {@code ~/.databrickscfg}
 * @param autoscaleMin with {@code autoscaleMax}, instead of {@code workers}
 * @param clusterEnv environment variables of the new cluster; credentials only as {@code
 *     {{secrets/SCOPE/KEY}}}
 */
public record DatabricksConfig(
    @Nullable String host,
    @Nullable String profile,
    @Nullable String volume,
    @Nullable String sparkVersion,
    @Nullable String nodeType,
    @Nullable Integer workers,
    @Nullable Integer autoscaleMin,
    @Nullable Integer autoscaleMax,
    @Nullable String existingCluster,
    Map<String, String> clusterEnv,
    @Nullable String jobName,
    @Nullable String schedule,
    @Nullable String timezone) {}
