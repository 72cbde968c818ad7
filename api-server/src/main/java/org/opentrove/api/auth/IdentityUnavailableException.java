package org.opentrove.api.auth;

/** The identity service could not say whether a token is valid: the request gets a 503. */
public class IdentityUnavailableException extends RuntimeException {
  public IdentityUnavailableException(String message) {
    super(message);
  }

  public IdentityUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
