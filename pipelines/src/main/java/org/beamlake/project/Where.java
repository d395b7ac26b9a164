package org.beamlake.project;

/**
 * Where a piece of configuration was written: its file, line and key. Kept on every step, rule and
 * table so that errors found later (building the pipeline graph) still point at the user's line.
 */
public record Where(String file, int line, String key) {
  public ProjectError error(String message) {
    return new ProjectError(file, line, key, message);
  }
}
