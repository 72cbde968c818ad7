package org.opentrove.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The cache's own rules, on a clock the test moves (Keystone's tokens live an hour, so the real
 * Keystone in KeystoneAuthTest cannot show expiry): the identity service here is a table.
 */
class CachedTokensTest {
  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final Map<String, ValidatedToken> known = new HashMap<>();
  private final AtomicInteger asked = new AtomicInteger();
  private boolean down;
  private final TokenValidator identity =
      token -> {
        asked.incrementAndGet();
        if (down) {
          throw new IdentityUnavailableException("down");
        }
        return Optional.ofNullable(known.get(token));
      };
  private final CachedTokens tokens = new CachedTokens(identity, Duration.ofMinutes(5), clock);

  @Test
  void aValidTokenIsAskedAboutOnceWithinTheCacheTime() {
    known.put("t", token(Duration.ofHours(1)));
    assertThat(tokens.validate("t")).isPresent();
    clock.advance(Duration.ofMinutes(4));
    assertThat(tokens.validate("t")).isPresent();
    assertThat(asked).hasValue(1);
    clock.advance(Duration.ofMinutes(2));
    assertThat(tokens.validate("t")).isPresent();
    assertThat(asked).hasValue(2);
  }

  @Test
  void aCachedTokenIsRefusedOnceItExpires() {
    known.put("t", token(Duration.ofMinutes(1)));
    assertThat(tokens.validate("t")).isPresent();
    clock.advance(Duration.ofSeconds(61));
    assertThat(tokens.validate("t")).isEmpty();
    assertThat(asked).as("expiry needs no round trip").hasValue(1);
  }

  @Test
  void anUnknownTokenIsRememberedSoAFloodOfItReachesKeystoneOnce() {
    for (int i = 0; i < 100; i++) {
      assertThat(tokens.validate("forged")).isEmpty();
    }
    assertThat(asked).hasValue(1);
  }

  @Test
  void anUnreachableKeystoneIsNotRemembered() {
    known.put("t", token(Duration.ofHours(1)));
    down = true;
    assertThatThrownBy(() -> tokens.validate("t")).isInstanceOf(IdentityUnavailableException.class);
    down = false;
    assertThat(tokens.validate("t")).isPresent();
  }

  private ValidatedToken token(Duration life) {
    return new ValidatedToken("project", Set.of("member"), clock.instant().plus(life));
  }

  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
