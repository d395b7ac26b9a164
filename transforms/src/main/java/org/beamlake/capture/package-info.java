/**
 * Capture into the raw zone: each source type (files and URLs, paged HTTP APIs, JDBC databases) is
 * a composite transform that writes what it received, unchanged, into a staging directory and
 * emits one {@link org.beamlake.capture.CapturedFile} per file written. The stage then commits
 * the files and writes the manifest from those entries.
 */
package org.beamlake.capture;
