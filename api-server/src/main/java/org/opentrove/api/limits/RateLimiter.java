package org.opentrove.api.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Trove's in-memory rate limiter: each project has its own buckets, one per limit. A project idle
 * for longer than a limit's unit has full buckets again, so its buckets are then forgotten, which
 * bounds the memory by the projects active in the last minute.
 */
public class RateLimiter {
  private final RateLimitConfig config;
  private final LongSupplier nanoTime;
  private final Cache<String, List<LeakyBucket>> projects;

  public RateLimiter(RateLimitConfig config) {
    this(config, System::nanoTime, Duration.ofMinutes(1));
  }

  RateLimiter(RateLimitConfig config, LongSupplier nanoTime, Duration idle) {
    config.validate();
    this.config = config;
    this.nanoTime = nanoTime;
    this.projects = Caffeine.newBuilder().expireAfterAccess(idle).maximumSize(1_000_000).build();
  }

  /** A request refused: the limit it would break and the seconds until it would fit. */
  public record Refusal(String details, double retryAfterSeconds) {}

  /**
   * Counts a request of {@code project} ({@code path} is what follows {@code /v1.0/{project}})
   * against every limit it falls under, as Trove does: refused when any of them is full.
   */
  public Optional<Refusal> take(String project, String method, String path) {
    if (!config.enabled) {
      return Optional.empty();
    }
    Refusal soonest = null;
    for (LeakyBucket bucket : bucketsOf(project)) {
      if (!bucket.limit().applies(method, path)) {
        continue;
      }
      double wait = bucket.take();
      if (wait > 0 && (soonest == null || wait < soonest.retryAfterSeconds())) {
        soonest = new Refusal(bucket.limit().refusal(), wait);
      }
    }
    return Optional.ofNullable(soonest);
  }

  /** The project's limits as Trove's {@code GET /limits} shows them. */
  public List<RateLimitState> statesOf(String project) {
    List<RateLimitState> states = new ArrayList<>();
    for (LeakyBucket bucket : bucketsOf(project)) {
      states.add(
          new RateLimitState(bucket.limit(), bucket.remaining(), bucket.secondsUntilAvailable()));
    }
    return states;
  }

  /** A limit with the requests left under it and when the next one fits. */
  public record RateLimitState(RateLimit limit, int remaining, double secondsUntilAvailable) {
    public String verb() {
      return limit.verb();
    }

    public String uri() {
      return limit.uri();
    }

    public String regex() {
      return limit.regex().pattern();
    }

    public int value() {
      return limit.value();
    }

    public String unit() {
      return limit.unitName();
    }
  }

  private List<LeakyBucket> bucketsOf(String project) {
    return projects.get(project, this::newBuckets);
  }

  /** Trove's default limits, in its order. */
  private List<LeakyBucket> newBuckets(String project) {
    RateLimitConfig.Rates rates = config.ratesOf(project);
    return List.of(
        new LeakyBucket(RateLimit.perMinute("POST", "*", ".*", rates.post), nanoTime),
        new LeakyBucket(RateLimit.perMinute("PUT", "*", ".*", rates.put), nanoTime),
        new LeakyBucket(RateLimit.perMinute("DELETE", "*", ".*", rates.delete), nanoTime),
        new LeakyBucket(RateLimit.perMinute("GET", "*", ".*", rates.get), nanoTime),
        new LeakyBucket(RateLimit.perMinute("POST", "*/mgmt", "^/mgmt", rates.mgmtPost), nanoTime));
  }
}
