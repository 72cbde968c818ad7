package org.opentrove.guest;

import java.security.SecureRandom;
import java.util.Base64;

/** Random passwords for the agent's own administrator and for root. */
public final class Passwords {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  /** 256 random bits, URL-safe Base64: letters, digits, {@code -} and {@code _}. */
  public static String generate() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }
}
