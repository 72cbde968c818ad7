package org.opentrove.api.core;

import java.util.Optional;
import java.util.UUID;

/** An id from a URL that may not be a UUID at all: then nothing can have it. */
public final class Uuids {
  private Uuids() {}

  public static Optional<UUID> parse(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
