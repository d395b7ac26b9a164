/**
 * Capture from relational databases (PostgreSQL, MariaDB, MySQL): {@link
 * org.beamlake.capture.jdbc.CaptureJdbc} reads whole tables or named queries through JDBC,
 * in parallel ranges and incrementally by a watermark column if asked, and writes them as JSON
 * lines into the capture's staging directory. How each column type is written is the table in
 * docs/capture-jdbc.md.
 */
package org.beamlake.capture.jdbc;
