/**
 * Combines lifted by beamlake: {@link org.beamlake.combine.CombineInBundles} combines each bundle's
 * values per key before a grouping, for runners whose own lifting costs more than the combine.
 */
package org.beamlake.combine;
