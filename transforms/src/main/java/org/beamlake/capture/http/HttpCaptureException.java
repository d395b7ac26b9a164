package org.beamlake.capture.http;

/**
 * Why {@link CaptureHttp} failed: a response it must not retry (a 4xx other than 429, a redirect,
 * a body it cannot page through) or one that stayed failing after every attempt. The message names
 * the request ({@code GET <url>}, secrets masked), the HTTP status and the start of the body; it
 * never holds a resolved secret, and no cause is attached for the same reason.
 */
public final class HttpCaptureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  HttpCaptureException(String message, int status) {
    super(message);
    this.status = status;
  }

  /** The HTTP status of the last response, or 0 when there was none (connection error, timeout). */
  public int status() {
    return status;
  }
}
