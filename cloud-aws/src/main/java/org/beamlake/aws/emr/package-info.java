/**
 * {@code beamlake emr}: a project's stages as EMR steps, on a cluster it starts, attaches to or starts
 * just for the run; the cluster's config file; following steps to their end; and the least-privilege
 * IAM policies a lake and its cluster need.
 */
package org.beamlake.aws.emr;
