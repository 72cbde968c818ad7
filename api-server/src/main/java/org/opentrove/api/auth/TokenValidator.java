package org.opentrove.api.auth;

import java.util.Optional;

/** Asks the identity service about a token. */
public interface TokenValidator {
  /**
   * Keystone's answer: empty when it does not know the token (forged, revoked or expired).
   *
   * @throws IdentityUnavailableException when the identity service cannot answer
   */
  Optional<ValidatedToken> validate(String token);
}
