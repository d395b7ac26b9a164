/**
 * Running projects on Databricks: the cluster jar uploaded to a Unity Catalog volume by content,
 * one {@code spark_jar_task} per stage chained by {@code depends_on}, runs followed, read and
 * cancelled, and scheduled jobs; all through the Jobs API 2.1 and the Files API over plain HTTP.
 */
package org.beamlake.azure.databricks;
