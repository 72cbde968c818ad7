package org.opentrove.guest;

import java.util.Collection;

/** Keeps passwords out of messages that reach logs, replies and the tenant. */
public final class Secrets {
  private Secrets() {}

  /** {@code message} with every non-blank secret in it replaced by {@code ***}. */
  public static String scrub(String message, Collection<String> secrets) {
    String scrubbed = message;
    for (String secret : secrets) {
      if (secret != null && !secret.isBlank()) {
        scrubbed = scrubbed.replace(secret, "***");
      }
    }
    return scrubbed;
  }
}
