package org.opentrove.activities;

import io.temporal.activity.Activity;

/**
 * Heartbeats from inside a long activity, so a worker that dies mid-activity is noticed within the
 * heartbeat timeout instead of the whole start-to-close timeout. The same code also runs outside
 * Temporal (dev mode's cleanup), where there is nothing to report to.
 */
public final class ActivityProgress {
  private ActivityProgress() {}

  public static void beat() {
    try {
      Activity.getExecutionContext().heartbeat(null);
    } catch (IllegalStateException notInAnActivity) {
      // called outside an activity: nobody is waiting for progress
    }
  }
}
