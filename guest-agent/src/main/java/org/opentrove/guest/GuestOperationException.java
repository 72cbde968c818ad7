package org.opentrove.guest;

import org.opentrove.contract.GuestErrorType;

/**
 * An expected failure of a guest command, with a stable {@code type} for the reply (for example
 * {@code NotPrepared}) and a message that is safe to show: it never contains a password.
 */
public class GuestOperationException extends RuntimeException {
  private final GuestErrorType type;

  public GuestOperationException(GuestErrorType type, String message) {
    super(message);
    this.type = type;
  }

  public GuestOperationException(GuestErrorType type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  public GuestErrorType type() {
    return type;
  }
}
