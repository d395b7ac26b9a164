package org.beamlake.spi;

/**
 * A command a module adds to the {@code beamlake} CLI (e.g. {@code emr}, {@code databricks}): a
 * class with picocli's {@code @Command} that implements this marker and is listed in {@code
 * META-INF/services/org.beamlake.spi.CliCommand}. The CLI adds every one found as a subcommand, so
 * a cloud adapter brings its commands by being on the classpath.
 */
public interface CliCommand {}
