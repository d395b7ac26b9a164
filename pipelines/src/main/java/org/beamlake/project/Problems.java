package org.beamlake.project;

import java.util.ArrayList;
import java.util.List;

/** Collects mistakes while a project is read, so that all of them are reported together. */
public final class Problems {
  private final List<ProjectError> errors = new ArrayList<>();

  public void add(String file, int line, String key, String message) {
    errors.add(new ProjectError(file, line, key, message));
  }

  public void add(ProjectError error) {
    errors.add(error);
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public List<ProjectError> errors() {
    return List.copyOf(errors);
  }

  /** Throws a {@link ProjectException} with every mistake so far, if there is any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new ProjectException(errors);
    }
  }
}
