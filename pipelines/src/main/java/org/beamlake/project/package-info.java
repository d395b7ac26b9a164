/**
 * The project file: a YAML document plus SQL files, read into typed, validated configuration.
 * Every mistake is reported with its file, line and key, all at once, before any data is touched.
 */
package org.beamlake.project;
