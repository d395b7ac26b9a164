package org.beamlake.project;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A source captured into the raw zone: {@code files} (a glob on any Beam filesystem, or relative to
 * the project directory, copied as received; or one http(s) URL, downloaded as received), {@code http} (a JSON API, {@link HttpSourceConfig})
 * or {@code jdbc} (a database, {@link JdbcSourceConfig}).
 *
 * @param location resolved glob of the files to capture ({@code files}), else the URL as written
 * @param sampleLocation resolved glob of files captured instead with {@code --sample} and by
 *     {@code beamlake test}, or null
 * @param http the API's settings for {@code http}, else null
 * @param jdbc the database's settings for {@code jdbc}, else null
 */
public record SourceConfig(
    String name, String type, String location, @Nullable String sampleLocation, Where where,
    @Nullable HttpSourceConfig http, @Nullable JdbcSourceConfig jdbc) {

  /** A {@code files} source. */
  public SourceConfig(String name, String type, String location, @Nullable String sampleLocation, Where where) {
    this(name, type, location, sampleLocation, where, null, null);
  }

  /** Whether this source's files (when captured) stand for files on disk rather than a service. */
  public boolean isFiles() {
    return type.equals("files");
  }
}
