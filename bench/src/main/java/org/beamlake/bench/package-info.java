/**
 * The benchmark: one workload (parse CSV, fill nulls, drop constant columns, broadcast join, per-group
 * statistics with an exact median, per-indicator slope, Parquet out) run by beamlake on Spark and on the
 * DirectRunner, by native Spark and by DuckDB on the same generated files, each engine in its own JVM
 * on the same cores and heap; results are checked to agree before any time is reported.
 */
package org.beamlake.bench;
