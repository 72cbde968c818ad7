package org.opentrove.workflows;

import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.Scheduled;
import org.slf4j.Logger;

/**
 * The wait of an operation asked for at a chosen time (apply_at): a durable timer, so a worker
 * restart neither loses nor repeats it; then the operation takes the instance, as the API would
 * have. Cancelling the operation while it waits ends the workflow here; nothing was held.
 */
public final class ScheduledTurn {
  private static final Logger LOG = Workflow.getLogger(ScheduledTurn.class);

  private ScheduledTurn() {}

  /**
   * Waits for the request's time and takes the instance; false when the operation must not run
   * (cancelled, or the instance was busy or gone at its time: its record says which).
   */
  public static boolean await(InstanceStoreActivities store, Scheduled request) {
    Instant runAt = request.runAt();
    if (runAt == null) {
      return true;
    }
    Duration wait = Duration.between(Instant.ofEpochMilli(Workflow.currentTimeMillis()), runAt);
    try {
      if (wait.compareTo(Duration.ZERO) > 0) {
        Workflow.sleep(wait);
      }
    } catch (CanceledFailure cancelled) {
      LOG.info("{} cancelled before its time {}", request.operationId(), runAt);
      return false;
    }
    String[] refused = new String[1];
    // Detached: once the API's cancel lost to this, nothing may cut it short half-way.
    Workflow.newDetachedCancellationScope(
            () -> refused[0] = store.takeScheduledTurn(request.instanceId(), request.operationId()))
        .run();
    if (refused[0] != null) {
      LOG.info("{} does not run at its time: {}", request.operationId(), refused[0]);
      return false;
    }
    return true;
  }
}
