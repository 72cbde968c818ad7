package org.opentrove.workflows.instance;

import java.time.Duration;

/**
 * How a create waits for its guest: at most {@code readyTimeout}, checking every {@code
 * livenessCheck} that the server still runs.
 */
public record GuestWait(Duration readyTimeout, Duration livenessCheck) {
  public static final GuestWait DEFAULT =
      new GuestWait(Duration.ofMinutes(10), Duration.ofSeconds(10));
}
