package org.opentrove.objects;

import java.io.IOException;

/** The store has no object of the requested name. */
public class NoSuchObjectException extends IOException {
  public NoSuchObjectException(String message) {
    super(message);
  }
}
