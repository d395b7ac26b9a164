package org.beamlake.stage;

import org.beamlake.project.ProjectError;
import org.beamlake.project.Where;

/**
 * A step or rule that could not be added to the pipeline (unknown column, wrong type, bad SQL),
 * pointing at where the project wrote it.
 */
public final class StepFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ProjectError error;

  StepFailure(ProjectError error, Throwable cause) {
    super(error.toString(), cause);
    this.error = error;
  }

  public ProjectError error() {
    return error;
  }

  /** Runs {@code build}; a failure becomes a {@link StepFailure} at {@code where}. */
  static <T> T at(Where where, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (StepFailure e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StepFailure(where.error(message(e)), e);
    }
  }

  /** The most telling message in a chain of wrapped exceptions. */
  static String message(Throwable e) {
    Throwable best = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException && t.getMessage() != null) {
        best = t;
      }
    }
    String m = best.getMessage();
    return m == null ? best.getClass().getSimpleName() : m;
  }
}
