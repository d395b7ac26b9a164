/**
 * SQL for refined tables: {@link org.beamlake.sql.RunSql} runs a Beam SQL query with beamlake's
 * exact statistical functions (median, percentile, standard deviation, correlation, distinct
 * count) added, and reports a query that does not compile as an {@link org.beamlake.sql.SqlError}
 * at the line and column the user wrote.
 */
package org.beamlake.sql;
