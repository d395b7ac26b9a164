package org.beamlake.serve;

/** A request the API answers with an error status: 400 for a bad parameter, 404 for nothing there. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String parameter;

  private ApiException(int status, String message, String parameter) {
    super(message);
    this.status = status;
    this.parameter = parameter;
  }

  /** 400, naming the parameter at fault. */
  static ApiException badParameter(String parameter, String message) {
    return new ApiException(400, message, parameter);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message, null);
  }

  ApiResponse response() {
    return ApiResponse.error(status, getMessage(), parameter);
  }
}
