package org.opentrove.contract;

/** A message that cannot be decoded; it is dropped (and logged without its body), never retried. */
public class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
