/**
 * How beamlake runs on Beam's Spark runner: its combines per key lifted into each bundle before the
 * runner translates them ({@link SparkPipeline}). The DirectRunner never sees these classes.
 */
package org.beamlake.spark;
