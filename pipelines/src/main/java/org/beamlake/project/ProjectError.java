package org.beamlake.project;

/**
 * One mistake in a project, where it is and what was expected: printed as
 * {@code project.yaml:12: datasets.indicators.steps[2].fill_nulls: expected a map, got a list}.
 *
 * @param file the file, as the user named it (relative to the working directory where possible)
 * @param line 1-based line, 0 if the mistake is about the whole file
 * @param key the dotted key path, or empty
 * @param message what is wrong and what was expected
 */
public record ProjectError(String file, int line, String key, String message) {
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(file);
    if (line > 0) {
      s.append(':').append(line);
    }
    s.append(": ");
    if (!key.isEmpty()) {
      s.append(key).append(": ");
    }
    return s.append(message).toString();
  }
}
