package org.opentrove.contract.rpc;

/** A guest did not answer a call within its timeout. */
public class GuestTimeoutException extends RuntimeException {
  public GuestTimeoutException(String message) {
    super(message);
  }
}
