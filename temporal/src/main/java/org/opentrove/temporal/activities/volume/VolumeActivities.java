package org.opentrove.temporal.activities.volume;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Block storage for an instance's data: a directory here, a Cinder volume in production. */
@ActivityInterface
public interface VolumeActivities {
  /**
   * Creates the instance's volume. Idempotency key: the instance id; a retry returns the volume it
   * already created, with its data intact.
   */
  @ActivityMethod(name = "CreateVolume")
  VolumeInfo createVolume(String instanceId, int sizeGb);

  /**
   * Deletes the volume and its data. Idempotency key: the instance id; absent counts as deleted.
   */
  @ActivityMethod(name = "DeleteVolume")
  void deleteVolume(String instanceId);
}
