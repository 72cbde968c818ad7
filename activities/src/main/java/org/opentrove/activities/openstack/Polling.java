package org.opentrove.activities.openstack;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.opentrove.activities.ActivityProgress;

/**
 * Waits for an OpenStack resource to reach a state: asks every half second, heartbeating between,
 * until the check answers or the timeout passes. A check may also throw, for a state that ends the
 * wait for good (a server in ERROR).
 */
public final class Polling {
  private static final Duration INTERVAL = Duration.ofMillis(500);

  /** What a check found: done with a value, or still waiting, and why. */
  public record Check<T>(Optional<T> done, String waiting) {
    public static <T> Check<T> done(T value) {
      return new Check<>(Optional.of(value), "");
    }

    public static <T> Check<T> waiting(String why) {
      return new Check<>(Optional.empty(), why);
    }
  }

  private Polling() {}

  public static <T> T until(Duration timeout, Supplier<Check<T>> check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ActivityProgress.beat();
      Check<T> found = check.get();
      if (found.done().isPresent()) {
        return found.done().get();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(found.waiting() + " after " + timeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
