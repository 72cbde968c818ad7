package org.opentrove.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Keystone's answers, kept for a while so that a request costs no round trip to Keystone: valid
 * tokens until their expiry or the cache time, whichever is first, and unknown tokens for the cache
 * time too (a flood of one forged token reaches Keystone once). Keyed by the token's SHA-256, so
 * the cache holds no usable token. Keystone being unreachable is not kept.
 */
public final class CachedTokens implements TokenValidator {
  private static final long MAXIMUM_TOKENS = 50_000;

  private final TokenValidator identity;
  private final Clock clock;
  private final Cache<String, Optional<ValidatedToken>> answers;

  public CachedTokens(TokenValidator identity, Duration cacheTime, Clock clock) {
    this.identity = identity;
    this.clock = clock;
    this.answers =
        Caffeine.newBuilder()
            .maximumSize(MAXIMUM_TOKENS)
            .expireAfterWrite(cacheTime)
            .ticker(() -> clock.millis() * 1_000_000L)
            .build();
  }

  @Override
  public Optional<ValidatedToken> validate(String token) {
    String key = digest(token);
    Optional<ValidatedToken> known = answers.get(key, k -> identity.validate(token));
    if (known.isPresent() && !clock.instant().isBefore(known.get().expiresAt())) {
      answers.put(key, Optional.empty());
      return Optional.empty();
    }
    return known;
  }

  private static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
