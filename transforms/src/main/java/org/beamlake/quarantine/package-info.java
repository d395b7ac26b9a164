/**
 * The one dead-letter model of beamlake: a rejected record keeps its payload, the step and rule
 * that rejected it, the reason and where it came from, and travels beside the good rows in a
 * {@link org.beamlake.quarantine.RowResult} until it is written to the quarantine zone.
 */
package org.beamlake.quarantine;
