/**
 * Data-quality rules (not null, ranges, allowed values, patterns, unique keys, references) and
 * {@link org.beamlake.quality.CheckRules}, which evaluates every row against all of them at once.
 * Each rule has an action: a violating row fails the run, goes to the quarantine once with every
 * reason, or is kept and counted.
 */
package org.beamlake.quality;
