package org.opentrove.contract.rpc;

import org.opentrove.contract.GuestErrorType;

/** A guest answered a call with an error; {@code type} is the guest's stable error type. */
public class GuestErrorException extends RuntimeException {
  private final GuestErrorType type;

  public GuestErrorException(GuestErrorType type, String message) {
    super(message);
    this.type = type;
  }

  public GuestErrorType type() {
    return type;
  }
}
