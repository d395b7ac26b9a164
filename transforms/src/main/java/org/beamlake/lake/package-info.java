/**
 * The lake: one base URI holding the raw, trusted, refined and quarantine zones, read and written
 * only through Beam {@code FileSystems}. Outputs are written to a staging location and committed
 * with a {@code _SUCCESS} marker, so a table is either complete or not visible at all.
 */
package org.beamlake.lake;
