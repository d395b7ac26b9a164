/**
 * What a catalog (Athena/Glue, Databricks) needs to know about a lake's refined tables: which are
 * committed, where, their schema as written in the Parquet files, and their partitions. Read only
 * from the commit markers and the files they list, never from the project.
 */
package org.beamlake.catalog;
