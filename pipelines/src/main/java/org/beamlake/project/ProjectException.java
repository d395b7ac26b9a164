package org.beamlake.project;

import java.util.List;
import java.util.stream.Collectors;

/** A project with mistakes: every mistake found, one line each. */
public final class ProjectException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<ProjectError> errors;

  public ProjectException(List<ProjectError> errors) {
    super(errors.stream().map(ProjectError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<ProjectError> errors() {
    return errors;
  }
}
