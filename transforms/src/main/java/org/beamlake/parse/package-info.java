/**
 * Parsing of raw files into typed rows: {@link org.beamlake.parse.ParseCsv} and {@link
 * org.beamlake.parse.ParseJson} read {@code FileIO.ReadableFile}s one record at a time, type each
 * declared column with {@link org.beamlake.schema.ColumnType} and tag every row with its source.
 * Records that cannot be read or typed become {@link org.beamlake.quarantine.QuarantinedRecord}s
 * with their original text, so nothing is dropped.
 */
package org.beamlake.parse;
