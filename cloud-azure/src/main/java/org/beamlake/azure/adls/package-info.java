/**
 * Lakes on ADLS Gen2 ({@code abfss://container@account.dfs.core.windows.net/prefix}), or on any
 * other Hadoop filesystem: Beam has no filesystem of its own for them, so their paths go through
 * Beam's Hadoop filesystem bridge to the Hadoop {@code FileSystem} of the cluster (on Databricks,
 * hadoop-azure's ABFS driver with the cluster's credentials).
 */
package org.beamlake.azure.adls;
