package org.opentrove.api.limits;

import java.util.function.LongSupplier;

/**
 * One of Trove's rate limits for one project: a leaky bucket that holds a unit's worth of requests
 * ({@code value} per {@code unitSeconds}) and drains continuously, so a burst of {@code value} is
 * allowed and then one request per {@code unitSeconds / value}.
 */
final class LeakyBucket {
  private final RateLimit limit;
  private final LongSupplier nanoTime;
  private final double capacity;
  private final double perRequest;
  private double level;
  private long lastNanos;
  private boolean used;
  private long nextAvailableNanos;

  LeakyBucket(RateLimit limit, LongSupplier nanoTime) {
    this.limit = limit;
    this.nanoTime = nanoTime;
    this.capacity = limit.unitSeconds();
    this.perRequest = capacity / limit.value();
  }

  RateLimit limit() {
    return limit;
  }

  /** Takes a request: 0 when it fits, else the seconds until it would. */
  synchronized double take() {
    long now = nanoTime.getAsLong();
    drain(now);
    if (level + perRequest > capacity + 1e-9) {
      double wait = level + perRequest - capacity;
      nextAvailableNanos = now + (long) (wait * 1e9);
      return wait;
    }
    level += perRequest;
    nextAvailableNanos = now;
    return 0;
  }

  /** Requests that would fit now. */
  synchronized int remaining() {
    drain(nanoTime.getAsLong());
    return (int) Math.floor((capacity - level) / capacity * limit.value() + 1e-9);
  }

  /** Seconds from now until a request fits (0 when one does). */
  synchronized double secondsUntilAvailable() {
    return Math.max(0, (nextAvailableNanos - nanoTime.getAsLong()) / 1e9);
  }

  private void drain(long now) {
    if (used) {
      level = Math.max(0, level - (now - lastNanos) / 1e9);
    }
    used = true;
    lastNanos = now;
  }
}
