/**
 * The {@code beamlake} command line: {@code run}, {@code validate} and {@code test} a project, on the
 * DirectRunner or Spark. {@code main} parses arguments; the commands call the pipelines module.
 */
package org.beamlake.cli;
