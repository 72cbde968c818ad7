package org.opentrove.activities.guest;

/** A guest did not answer a call within its timeout. */
public class GuestTimeoutException extends RuntimeException {
  public GuestTimeoutException(String message) {
    super(message);
  }
}
