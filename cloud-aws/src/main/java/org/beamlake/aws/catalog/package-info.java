/**
 * Refined tables in the AWS Glue Data Catalog, for Athena: the {@code CREATE EXTERNAL TABLE} DDL
 * from the Parquet schema actually written, and its registration through the Glue API. No crawler:
 * the commit markers say which tables and partitions exist.
 */
package org.beamlake.aws.catalog;
