package org.opentrove.guest.os;

/**
 * A command exited non-zero, timed out or could not be started. The message names the command and
 * ends with the last lines of its output (commands never get secrets on their command line).
 */
public class ProcessFailedException extends RuntimeException {
  private final int exitCode;

  public ProcessFailedException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public ProcessFailedException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = -1;
  }

  /** The exit code, or -1 when the command timed out or did not start. */
  public int exitCode() {
    return exitCode;
  }
}
