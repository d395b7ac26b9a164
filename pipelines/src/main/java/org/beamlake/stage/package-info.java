/**
 * The stages: capture (sources into raw), ETL (raw into trusted, with quarantine) and analytics
 * (trusted into refined with SQL). Each stage is its own Beam pipeline (one EMR step or Databricks
 * task), commits its outputs only when its pipeline succeeded, and reports what it did.
 */
package org.beamlake.stage;
