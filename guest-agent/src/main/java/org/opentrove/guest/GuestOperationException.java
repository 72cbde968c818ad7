package org.opentrove.guest;

/**
 * An expected failure of a guest command, with a stable {@code type} for the reply (for example
 * {@code NotPrepared}) and a message that is safe to show: it never contains a password.
 */
public class GuestOperationException extends RuntimeException {
  private final String type;

  public GuestOperationException(String type, String message) {
    super(message);
    this.type = type;
  }

  public GuestOperationException(String type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  public String type() {
    return type;
  }
}
