package org.opentrove.contract.rpc;

/** A guest answered a call with an error; {@code type} is the guest's stable error type. */
public class GuestErrorException extends RuntimeException {
  private final String type;

  public GuestErrorException(String type, String message) {
    super(message);
    this.type = type;
  }

  public String type() {
    return type;
  }
}
