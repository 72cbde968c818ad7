package org.opentrove.activities.compute;

/** The host has no room for another server (ports, in the local driver). */
public class NoCapacityException extends RuntimeException {
  public NoCapacityException(String message) {
    super(message);
  }
}
