/**
 * How beamlake runs on Beam's DirectRunner: its groupings made in a few buckets, so that the steps
 * after a grouping see a few large bundles instead of one bundle per key ({@link DirectPipeline}).
 * The Spark runner never sees these classes.
 */
package org.beamlake.direct;
