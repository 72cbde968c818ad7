package org.opentrove.guest;

/** The agent's configuration or command line is unusable; the message says which key and why. */
public class GuestConfigException extends RuntimeException {
  public GuestConfigException(String message) {
    super(message);
  }

  public GuestConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
