package org.opentrove.temporal.activities.volume;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Block storage for an instance's data: a loop-mounted filesystem of exactly the volume's size
 * here, a Cinder volume in production.
 */
@ActivityInterface
public interface VolumeActivities {
  /**
   * Creates the instance's volume, of the volume service's type {@code volumeType} (null: the
   * configured one). Idempotency key: the instance id; a retry returns the volume it already
   * created, with its data intact.
   */
  @ActivityMethod(name = "CreateVolume")
  VolumeInfo createVolume(String instanceId, int sizeGb, String volumeType);

  /**
   * Grows the volume and its filesystem to {@code newSizeGb} while the datastore keeps using it.
   * Idempotency key: the instance id and size; a volume already that size is left as it is. A
   * smaller size is refused (non-retryable {@code InvalidRequest}).
   */
  @ActivityMethod(name = "GrowVolume")
  VolumeInfo growVolume(String instanceId, int newSizeGb);

  /**
   * Deletes the volume and its data. Idempotency key: the instance id; absent counts as deleted.
   */
  @ActivityMethod(name = "DeleteVolume")
  void deleteVolume(String instanceId);
}
