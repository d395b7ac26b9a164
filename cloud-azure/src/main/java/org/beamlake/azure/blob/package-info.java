/**
 * Lakes on Azure Blob Storage ({@code azfs://account/container/prefix}): the lake store behind
 * {@code beamlake lake init}. Reading and writing go through Beam's Azure filesystem; this package
 * only makes the container, privately, and the zone folders.
 */
package org.beamlake.azure.blob;
