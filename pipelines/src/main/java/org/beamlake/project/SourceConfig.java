package org.beamlake.project;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A source captured into the raw zone. Today: {@code files}, a glob on any Beam filesystem (or
 * relative to the project directory), copied as received.
 *
 * @param location resolved glob of the files to capture
 * @param sampleLocation resolved glob used instead by {@code beamlake test}, or null
 */
public record SourceConfig(
    String name, String type, String location, @Nullable String sampleLocation, Where where) {}
