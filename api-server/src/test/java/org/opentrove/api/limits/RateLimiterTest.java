package org.opentrove.api.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Trove's leaky buckets on a clock the test moves. */
class RateLimiterTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private RateLimiter limiter(RateLimitConfig config) {
    return new RateLimiter(config, nanos::get, Duration.ofMinutes(1));
  }

  private static RateLimitConfig getsPerMinute(int get) {
    RateLimitConfig config = new RateLimitConfig();
    config.defaults.get = get;
    return config;
  }

  private void advanceSeconds(double seconds) {
    nanos.addAndGet((long) (seconds * 1e9));
  }

  @Test
  void aBurstOfTheLimitPassesThenOneRequestPerIntervalAsItDrains() {
    RateLimiter limiter = limiter(getsPerMinute(60));
    for (int i = 0; i < 60; i++) {
      assertThat(limiter.take("p1", "GET", "/instances")).isEmpty();
    }
    RateLimiter.Refusal refused = limiter.take("p1", "GET", "/instances").orElseThrow();
    assertThat(refused.retryAfterSeconds())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(refused.details())
        .isEqualTo("Only 60 GET request(s) can be made to * every minute.");

    advanceSeconds(1);
    assertThat(limiter.take("p1", "GET", "/instances")).isEmpty();
    assertThat(limiter.take("p1", "GET", "/instances")).isPresent();
  }

  @Test
  void projectsAndMethodsHaveTheirOwnBuckets() {
    RateLimiter limiter = limiter(getsPerMinute(1));
    assertThat(limiter.take("p1", "GET", "/flavors")).isEmpty();
    assertThat(limiter.take("p1", "GET", "/flavors")).isPresent();
    assertThat(limiter.take("p2", "GET", "/flavors")).isEmpty();
    assertThat(limiter.take("p1", "POST", "/instances")).isEmpty();
  }

  @Test
  void aProjectsOwnRatesOverrideTheDefaults() {
    RateLimitConfig config = getsPerMinute(100);
    RateLimitConfig.Rates own = new RateLimitConfig.Rates();
    own.get = 2;
    config.projects = Map.of("small", own);
    RateLimiter limiter = limiter(config);
    limiter.take("small", "GET", "/flavors");
    limiter.take("small", "GET", "/flavors");
    assertThat(limiter.take("small", "GET", "/flavors")).isPresent();
    assertThat(limiter.statesOf("small"))
        .filteredOn(state -> state.verb().equals("POST") && state.uri().equals("*"))
        .singleElement()
        .satisfies(state -> assertThat(state.value()).isEqualTo(200));
  }

  @Test
  void managementPostsCountAgainstBothLimits() {
    RateLimitConfig config = new RateLimitConfig();
    config.defaults.mgmtPost = 1;
    RateLimiter limiter = limiter(config);
    assertThat(limiter.take("p1", "POST", "/mgmt/instances/x/action")).isEmpty();
    RateLimiter.Refusal refused =
        limiter.take("p1", "POST", "/mgmt/instances/x/action").orElseThrow();
    assertThat(refused.details())
        .isEqualTo("Only 1 POST request(s) can be made to */mgmt every minute.");
    assertThat(limiter.take("p1", "POST", "/instances")).isEmpty();
  }

  @Test
  void remainingShowsWhatIsLeftAndRefillsWithTime() {
    RateLimiter limiter = limiter(getsPerMinute(60));
    for (int i = 0; i < 10; i++) {
      limiter.take("p1", "GET", "/instances");
    }
    assertThat(get(limiter).remaining()).isEqualTo(50);
    advanceSeconds(5);
    assertThat(get(limiter).remaining()).isEqualTo(55);
  }

  @Test
  void aDisabledLimiterRefusesNothing() {
    RateLimitConfig config = getsPerMinute(1);
    config.enabled = false;
    RateLimiter limiter = limiter(config);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.take("p1", "GET", "/instances")).isEmpty();
    }
  }

  @Test
  void aRateThatIsNotPositiveIsRefusedAtStartup() {
    RateLimitConfig config = getsPerMinute(100);
    RateLimitConfig.Rates none = new RateLimitConfig.Rates();
    none.post = 0;
    config.projects = Map.of("p1", none);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> limiter(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api.rateLimits.projects.p1");
  }

  private static RateLimiter.RateLimitState get(RateLimiter limiter) {
    return limiter.statesOf("p1").stream()
        .filter(state -> state.verb().equals("GET"))
        .findFirst()
        .orElseThrow();
  }
}
