package org.opentrove.temporal.activities.store;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.UUID;
import org.opentrove.temporal.ActivityProfiles;
import org.opentrove.temporal.UsesProfile;

/** Waits on what the conductor applied from the guests' heartbeats. */
@ActivityInterface
public interface GuestHealthActivities {
  /**
   * Returns once a heartbeat applied after the first {@code heartbeatsBefore} (the conductor counts
   * them per instance) reports a healthy datastore, heartbeating to Temporal while it polls. Fails
   * with {@code GuestTimeout} after {@code timeoutSeconds}. Read-only, so a retry simply waits
   * again.
   */
  @ActivityMethod(name = "AwaitHealthyHeartbeat")
  @UsesProfile(ActivityProfiles.WAIT)
  void awaitHealthyHeartbeat(UUID instanceId, long heartbeatsBefore, long timeoutSeconds);
}
