/**
 * Cleaning steps for rows on their way from raw to trusted: cast, rename, select, drop and trim
 * columns, fill nulls, and profile columns to find the constant or empty ones. Every step keeps the
 * lineage column ({@code __bl_source}) unchanged and last, and acts on user columns only. Only
 * {@link org.beamlake.clean.CastColumns} can reject rows (into a {@link
 * org.beamlake.quarantine.RowResult}); the others keep every row and fail at pipeline construction
 * on a missing column or a bad setting.
 */
package org.beamlake.clean;
