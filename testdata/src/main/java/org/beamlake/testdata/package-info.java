/**
 * The world-indicators demo data: {@link org.beamlake.testdata.WorldIndicatorsGenerator} writes
 * seeded World Bank Data360 pages, bad records included, and {@link
 * org.beamlake.testdata.WorldIndicatorsExpected} computes, in plain Java and independently of the
 * pipeline, what the demo pipeline must produce from them.
 */
package org.beamlake.testdata;
