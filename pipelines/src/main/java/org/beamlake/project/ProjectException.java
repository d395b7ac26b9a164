package org.beamlake.project;

import java.util.List;
import java.util.stream.Collectors;

/** A project with mistakes: every mistake found, one line each. */
public final class ProjectException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<ProjectError> errors;
  private final transient Project partial;

  public ProjectException(List<ProjectError> errors) {
    this(errors, null);
  }

  /** Mistakes, and the parts of the project that did load (for checking them further). */
  public ProjectException(List<ProjectError> errors, Project partial) {
    super(errors.stream().map(ProjectError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
    this.partial = partial;
  }

  /** The sources, datasets and tables that loaded without a mistake, if the file could be read at all. */
  public java.util.Optional<Project> partial() {
    return java.util.Optional.ofNullable(partial);
  }

  public List<ProjectError> errors() {
    return errors;
  }
}
