/**
 * The run report: {@code _runs/<run_id>.html}, one self-contained page (styles, scripts and the
 * charting library inlined; nothing fetched when it is opened) with the run's stage timeline, what
 * each zone received, the quarantine by rule with its top reasons, the lineage of each refined table,
 * and the charts the project declares for its refined tables.
 */
package org.beamlake.report;
