package org.opentrove.api.core;

import java.util.Optional;
import org.opentrove.api.errors.TroveError;

/** The {@code Idempotency-Key} header: 1 to 255 printable ASCII characters, or absent. */
public final class IdempotencyKey {
  private IdempotencyKey() {}

  public static Optional<String> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    if (header.isEmpty() || header.length() > 255 || !header.matches("[\\x21-\\x7e]+")) {
      throw TroveError.badRequest(
          "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.");
    }
    return Optional.of(header);
  }
}
